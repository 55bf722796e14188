"""The demo workspace's content, kept as data: every organisation, person and body is invented.

The records are modelled on public reports of anti-slavery programmes in Chile, Mexico, Kenya
and the Democratic Republic of Congo. Public institutions carry their real names; every person,
NGO, network, committee membership and relationship is fictional, every email address is at
example.org and every phone number is a +xx 0000 placeholder.
"""
