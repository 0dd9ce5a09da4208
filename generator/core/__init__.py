"""The foundation every stage stands on: the schema and what its annotations mean, located problems, languages.

``schema`` finds, loads and compiles the JSON Schemas; ``fields`` is a readable
view of every field (title, help, choices, labels); ``errors`` is the located,
hinted problem type all stages report with; ``links`` is the link allowlist;
``layout`` names every page and its address (the one place URLs are made);
``languages`` names languages; ``parallel`` spreads per-record work over cores.
It imports nothing else of the engine.
"""
