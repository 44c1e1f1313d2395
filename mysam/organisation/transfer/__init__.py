"""Import of people and memberships from a spreadsheet, and export of the structure.

- columns.py: the file format (Swedish headers and their variants, role and yes/no words)
- reading.py: reading an uploaded .xlsx or .csv file into numbered rows of text
- storage.py: keeping a read upload between preview and confirm (signed file in storage)
- planning.py: checking every row against the registry and saying what an import would do
- importing.py: the services: store an upload, import it all-or-nothing
- exporting.py: the structure as an Excel workbook

The file format is described for the office in docs/import.md.
"""
