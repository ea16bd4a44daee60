"""Exit codes, one definition for every command."""

OK = 0  # done; every replayed case passed
FAILED = 1  # some replayed case failed, or the output could not be written
UNUSABLE = 2  # a file or the command line is unusable; the message names file and line
INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
