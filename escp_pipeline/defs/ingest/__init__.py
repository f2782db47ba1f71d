"""Raw survey exports: one partition per survey round, and the sensor that notices new drops."""
