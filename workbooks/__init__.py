"""The Excel round trip of a 部门预算绩效文本: export in the printed layout, a blank template, and the importer."""
