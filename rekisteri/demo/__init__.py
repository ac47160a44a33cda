"""Finnish demo data: about 200 people spread over every register, reproducible."""
