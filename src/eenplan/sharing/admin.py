"""Beheer shows the partner organisations (accounts) and the purposes, categories, legal bases and role
policy (core); arrangements are case data and are managed on the household's sharing page, not here."""
