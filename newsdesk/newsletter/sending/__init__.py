"""Sending an issue exactly once to each subscriber, through any SMTP server.

An issue's recipients are fixed once (planning.py): one Delivery row per
subscriber, unique per (issue, subscriber), so planning twice adds nobody twice.
A worker then sends (sender.py) in runs: it claims a batch of pending rows
(pending → claimed, with its run), and for each one

  1. sends MAIL FROM, RCPT TO, DATA and the message, all but the final dot;
  2. commits the row as in_flight (together with the previous row's outcome);
  3. sends the final dot, the moment the server takes the message, and reads
     the reply, which the next commit records (sent, failed, retry later).

A worker killed at any point leaves at most one row in_flight. Its claimed rows
go back to pending when another worker takes over (its process is gone on this
machine, or its heartbeat is older than RUN_STALE_SECONDS), and are sent: the
mail server never got their final dot, so nobody gets them twice. The in_flight
row counts as sent and is never sent again.

The one window that cannot be closed is between steps 2 and 3: a worker killed
after the commit and before the dot leaves its socket (a few microseconds of
Python, no network wait) leaves a message recorded as handed over that the
server never took: one subscriber misses that issue. The other order (commit
after the server's reply) would make the window a whole round trip plus a
commit wide and its outcome a duplicate. A server that refuses the message at
the dot after a kill is counted as sent as well. Either way it is one message
per killed worker, never more, and `newsdesk newsletter status` names it.
"""
