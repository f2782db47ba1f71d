"""The validated layer: typed core tables from raw exports, their schemas and data expectations.

Personal data stops here: ``clean`` drops contact names, emails, ``token``, ``ipaddr`` and
``refurl``.
"""
