#!/usr/bin/env python3
"""Writes the large configurations CI synthesizes: 500 named provisioned tables with 2 GSIs each and
40-character names, and watchAllTables beside 100 named tables. Usage: large-configs.py DIRECTORY"""
import json
import sys
from pathlib import Path


def tables(count):
    return [{"name": "checkout-service-production-orders-%05d" % number,
             "billingMode": "PROVISIONED",
             "indexes": ["by-customer-and-created-at", "by-status-and-updated-at"]}
            for number in range(1, count + 1)]


def write(directory, name, config):
    (directory / name).write_text(json.dumps(config, indent=1) + "\n")


directory = Path(sys.argv[1])
directory.mkdir(parents=True, exist_ok=True)
notifications = {"emails": ["oncall@example.com"]}
write(directory, "500-named-tables.json",
      {"deploymentName": "ci-named", "notifications": notifications, "tables": tables(500)})
write(directory, "watch-all-beside-100-named.json",
      {"deploymentName": "ci-watch-all", "notifications": notifications, "watchAllTables": True,
       "tables": tables(100)})
