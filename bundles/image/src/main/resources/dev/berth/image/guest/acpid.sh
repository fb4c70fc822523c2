#!/bin/sh
# ACPI power button (QMP system_powerdown) -> /etc/acpi/PWRF/00000080 -> poweroff.
# acpid only watches the /dev/input/event* present when it starts: load the drivers first.
modprobe -a button evdev
exec /sbin/acpid -f -c /etc/acpi -l /var/log/acpid.log
