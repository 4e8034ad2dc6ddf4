from lidhja.audit.models.entry import AuditEntry, AuditHead

__all__ = ["AuditEntry", "AuditHead"]
