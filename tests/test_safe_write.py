"""Files the user names (transcripts, replay reports) are written safely."""

import os
import stat
import threading

import pytest

from assistant.safe_write import SafeWriter, TargetExists, UnsafeTarget, write_file


def test_a_new_file_is_written_with_the_mode_asked_for(tmp_path):
    target = tmp_path / "chat.txt"
    write_file(target, "hello\n", mode=0o600)
    assert target.read_text(encoding="utf-8") == "hello\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_an_existing_file_is_replaced_only_when_confirmed(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(TargetExists):
        write_file(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    write_file(target, "new", replace=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert list(tmp_path.iterdir()) == [target]


def test_a_symlink_is_never_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(victim)
    for replace in (False, True):
        with pytest.raises(UnsafeTarget, match="symbolic link"):
            write_file(link, "overwritten", replace=replace)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert link.is_symlink()


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(_refusal(fifo)), daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "writing to a FIFO blocked"
    assert "FIFO" in outcome[0]


@pytest.mark.parametrize("target, word", [("/dev/null", "device"), (".", "folder")])
def test_devices_and_folders_are_refused(tmp_path, target, word):
    path = tmp_path if target == "." else target
    assert word in _refusal(path)


def test_a_missing_folder_is_a_clear_refusal(tmp_path):
    assert "does not exist" in _refusal(tmp_path / "nowhere" / "chat.txt")


def test_text_that_cannot_be_encoded_never_truncates_the_old_file(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("the old report", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_file(target, "bad \ud800 text", replace=True)
    assert target.read_text(encoding="utf-8") == "the old report"
    assert list(tmp_path.iterdir()) == [target]


def _refusal(path) -> str:
    try:
        write_file(path, "text", replace=True)
    except UnsafeTarget as error:
        return str(error)
    return "written"


def test_a_write_that_fails_on_a_full_disk_leaves_no_temporary_file(tmp_path):
    """A full disk fails the write and then the last flush on close: the temporary file, which
    holds what was written (replayed questions), is removed all the same."""
    import errno

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            self.handle.close()
            raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "report.json"
    with pytest.raises(OSError, match="No space"):
        with SafeWriter(target) as out:
            out._handle = FullDisk(out._handle)
            out.write(b"my son swallowed 20 pills")
    assert list(tmp_path.iterdir()) == []


def test_a_signal_striking_as_the_temporary_file_is_made_leaves_no_file(tmp_path, monkeypatch):
    """A SIGTERM (SystemExit) or Ctrl-C arriving just after the temporary file appears, before
    its name is known to the writer, still removes it: a replay killed at its start left a
    half-report, with the questions in it, beside the target (seen once in the suite under load)."""
    real_open = os.open

    def open_then_interrupted(path, flags, mode=0o777, *args, **kwargs):
        real_open(path, flags, mode, *args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "open", open_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        with SafeWriter(tmp_path / "report.json"):
            pass
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []
