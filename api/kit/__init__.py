"""The API kit: what every /api/v1/ resource is declared on (like crm.admin.kit for screens).
Import the pieces from ``api.kit.records``; this package stays empty so the REST framework
settings can name its permission, pagination, throttle, schema and error classes without an
import cycle."""
