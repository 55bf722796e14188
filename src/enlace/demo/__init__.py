"""The fictional demo workspace: its content, its loader, `enlace demo-data` and the login hint."""
