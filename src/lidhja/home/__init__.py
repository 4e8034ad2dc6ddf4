"""The home page of each role: its work queue (`home.domain.queues`)."""
