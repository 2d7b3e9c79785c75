"""The Sandpit and other games: their rules live on the server."""
