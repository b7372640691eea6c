from django.core.management.base import BaseCommand

from projects.demo import demo_setup


class Command(BaseCommand):
    help = "载入示例文档（正定县总工会2022年）并为每个角色创建一个演示账号。"

    def handle(self, *args, **options):
        logins = demo_setup()
        self.stdout.write("演示账号 / demo logins:")
        for login in logins:
            role = login.role or "超级管理员"
            self.stdout.write(f"  {login.username:<16} {login.password:<20} {role}")
