package com.rostergate.verifier;

/** What the roster holds about a verified person; any attribute but the phone may be absent (null). */
record Employee(String phone, String name, String department, String position, String employeeId, String email) {}
