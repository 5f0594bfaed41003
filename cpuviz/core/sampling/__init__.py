"""Reading the machine's CPU, one sample of every core at a time, from a source that is pluggable.

psutil for the live machine; synthetic and replayed sources show 2 … 256 cores on any machine.
The window and the bench read samples the same way whichever source feeds them.
"""
