"""Reports for teachers, HR and the course owner, and the sample data they are tried on.

    learners.py      one row per learner: track, modules done, scores, certificate
                     (``medborger report``, the teachers' view, the web pages)
    stats.py         item statistics from every answer (facility, discrimination, options)
    stats_report.py  which learners count, and the statistics as files
                     (``medborger stats``, the teachers' statistics screen)
    formats.py       CSV for a Danish spreadsheet, JSON and Markdown
    demo.py          realistic holds, teachers and learners (``medborger demo-data``)

Reports read the store and the content and use the engine; no user interface here.
"""
