"""The subcommands of the ``bulletin-docs`` command line, one module each."""
