"""The finance bureau's view across its departments."""
