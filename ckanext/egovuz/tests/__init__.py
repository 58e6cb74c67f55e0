"""Test support shared by every domain's tests (never imported by the portal's code)."""
