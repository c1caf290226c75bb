package com.rostergate.verifier;

import java.util.Optional;

/** Finds an employee by E.164 phone number. */
interface RosterLookup {

    Optional<Employee> find(String e164, Deadline deadline);
}
