"""Corpora: collections of records (JSON Lines, Parquet, WARC/WET) cleaned record by record.

records.py cleans one record (`tablefix.clean_record`); formats.py reads the records of each format,
streamed; shards.py is what a worker does with a shard or a block of one; parquet.py holds the Parquet
schemas; table_dataset.py writes `--tables-out`. Every heavy library (pyarrow, fastwarc, zstandard) is
imported only for its format.
"""
