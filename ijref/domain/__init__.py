"""Plain typed Python for ijref's records: kinds, EDTF dates, validity. No Qt, no SQL."""
