"""Notifications: every e-mail the product sends, through one service.

`notification_send` renders a plain-text and an HTML template, records who was told what
(`notification.queued`: the template, the subject and the recipients, never the body) and hands
the message to the tasks API once the transaction commits; each recipient gets an e-mail of their
own. A rolled-back request therefore sends nothing, and in production no request waits on the
mail server: the database task backend queues the message and
`manage.py db_worker --backend background` delivers it (a deploy check warns when the immediate
backend would send inside the request). In development the messages land in var/mail.
"""
