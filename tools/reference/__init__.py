"""LeviTor Studio's own Python reference of the control-signal method (see levitor_reference/)."""
