"""Read models: what the phones, the projector, the console, the public page and the documents
read, built from the database on request. Nothing here writes or publishes."""
