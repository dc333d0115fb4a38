"""`medborger serve`: the course in a browser, through textual-serve.

One Textual process per browser tab (textual-serve's model), all on the same data folder.
:mod:`course.web.server` is the aiohttp server (its own page, every asset served locally,
the /bevis verify page); :mod:`course.web.session` is the program each tab runs.
"""
