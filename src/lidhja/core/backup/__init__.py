"""`lidhja backup` and `lidhja restore`: one archive holding a consistent database snapshot,
the private files and a manifest that lets a restore check everything before it writes.
The case keyring is never in it (see README, "Backup and restore")."""
