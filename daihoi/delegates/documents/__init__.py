"""Documents of the delegates app: the credentials report (.docx, and its content model the
page renders too) and the printable badges (.pdf).

They build on core's Party-format builders (core.documents: header, fonts). The elections
app's block renderer is not used here: elections imports delegates, never the other way.
"""
