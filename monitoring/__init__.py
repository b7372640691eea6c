"""Mid-year monitoring (运行监控) of spending and targets, with warning lights."""
