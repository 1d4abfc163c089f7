"""One module per page: the charts it shows, each built complete from query results and filters."""
