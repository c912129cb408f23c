"""What people see: charts, notebook widgets and views, the CJK chart and web fonts."""
