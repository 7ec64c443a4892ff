"""Who may be trusted with a channel (docs/format.md, "Trust"; the Java ``Trust``).

/dev/shm and /dev/hugepages are writable by everyone, so a channel's name proves nothing about who made its
files. A writer uses only its own user's files; a reader trusts its own user's or root's channels, and with a
group named also a group member's channel given to that group, never a world-writable one; the data file must
be the one the control file was created with. Every check reads fstat of the descriptor that will be mapped.
"""

import grp
import os
import pwd
import stat

from .errors import ChannelAccessDeniedError, ChannelFormatError


def user(uid):
    """'uid 1000 (alice)', or just the number when the name is unknown."""
    try:
        return "uid %d (%s)" % (uid, pwd.getpwuid(uid).pw_name)
    except KeyError:
        return "uid %d" % uid


def group_id(name):
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        raise ValueError("group '%s' does not exist" % name) from None


def is_member(uid, gid):
    """Whether user ``uid`` belongs to group ``gid``, as its primary group or a supplementary one."""
    try:
        entry = pwd.getpwuid(uid)
    except KeyError:
        return False
    return entry.pw_gid == gid or gid in os.getgrouplist(entry.pw_name, entry.pw_gid)


def require_own_file(path, st):
    me = os.geteuid()
    if st.st_uid != me:
        raise ChannelAccessDeniedError("%s is owned by %s, not by this user (uid %d): framebus never writes into"
                                       " another user's channel file. Ask its owner to remove it ('framebus rm'),"
                                       " or use another channel name." % (path, user(st.st_uid), me))


def require_trusted(path, st, group):
    """Raises ChannelAccessDeniedError unless a reader (with ``group``, or None) may trust this control file."""
    permissions = stat.S_IMODE(st.st_mode)
    if permissions & 0o002:
        raise ChannelAccessDeniedError("%s is world-writable (mode %04o): anyone could write into it, so framebus"
                                       " does not trust its frames" % (path, permissions))
    me = os.geteuid()
    if st.st_uid in (me, 0):
        return
    if group is not None:
        gid = group_id(group)
        if st.st_gid == gid and is_member(st.st_uid, gid):
            return
        raise ChannelAccessDeniedError("%s is owned by %s and group gid %d; a reader of group '%s' (gid %d) trusts"
                                       " only channels given to that group by one of its members"
                                       % (path, user(st.st_uid), st.st_gid, group, gid))
    raise ChannelAccessDeniedError("%s is owned by %s, not by this user (uid %d) or root: a reader trusts only its"
                                   " own user's channels unless it names their group (group=NAME, --group NAME)"
                                   % (path, user(st.st_uid), me))


def require_data_file(control_stat, data_path, data_stat, header):
    """Raises ChannelFormatError unless the data file is the channel's own (inode, device, owner, mode, size)."""
    d = data_stat
    problem = None
    if not stat.S_ISREG(d.st_mode):
        problem = "is not a regular file"
    elif d.st_ino != header.data_inode or d.st_dev != header.data_device:
        problem = "is not the file the channel was created with (inode %d, expected %d)" % (d.st_ino,
                                                                                             header.data_inode)
    elif d.st_uid != control_stat.st_uid:
        problem = "is owned by uid %d but the control file by uid %d" % (d.st_uid, control_stat.st_uid)
    elif stat.S_IMODE(d.st_mode) & 0o022:
        problem = "is writable by others (mode %04o)" % stat.S_IMODE(d.st_mode)
    elif d.st_size != header.geometry.data_size:
        problem = "is %d bytes but the header describes %d: it was truncated or replaced" % (
            d.st_size, header.geometry.data_size)
    if problem is not None:
        raise ChannelFormatError("%s %s; the channel cannot be trusted" % (data_path, problem))
