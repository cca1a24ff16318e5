"""billing-service's HTTP routes (/v1): thin, each parses, calls one workflow and shapes the answer."""

from billing_service.api import care_sheets, invoices

routers = [invoices.router, care_sheets.router]
