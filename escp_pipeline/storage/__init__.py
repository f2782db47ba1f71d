"""Where the pipeline's files live: the data dir resources, the warehouse tables, atomic writes.

``resources`` holds the Dagster resources and IO managers for the data dir, ``warehouse`` the
Parquet tables (with the file locks that serialise writers), ``output_files`` the atomic writes
every output file goes through.
"""
