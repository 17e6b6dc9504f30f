API = {"GET /api/v1/system/whoami": "partner"}
