"""Demo data for trying riskassess out (make run): not part of the product."""
