"""Go knowledge over a parsed module: linear memory, pclntab, symbol names, build info."""
