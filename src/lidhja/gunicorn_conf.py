"""Gunicorn settings for `make run`: the access log names the path, never the query string
(a search by name must not leave the name in a log) nor the referring page (whose address
may hold one)."""

accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
