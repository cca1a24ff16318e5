"""The public routes, one module per resource of the patient's record."""
