# cython: language_level=3, boundscheck=False, wraparound=False
"""The walk of :func:`pipeline.clean_dom.build`, compiled: the same loop over lexbor's tree,
reading the C nodes directly instead of asking selectolax for one Python object per node.

The node, text and attribute structs below mirror lexbor's (selectolax 1.0.2 builds lexbor
2.x: ``lexbor/dom/interfaces/{node,element,attr,character_data}.h``); names of tags and
attributes come from lexbor's own exported functions, looked up at run time. Nothing here is
trusted blindly: :mod:`pipeline.clean_walk` compares this walk with the Python one on a test
page at import and uses it only when both agree, and the test suite compares them on every
benchmark and fixture page. The Python walk in ``clean_dom`` stays the reference.
"""
from cpython.unicode cimport PyUnicode_DecodeUTF8

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize

cdef extern from "Python.h":
    int PyUnicode_KIND(object o)
    void *PyUnicode_DATA(object o)
    Py_ssize_t PyUnicode_GET_LENGTH(object o)
from libc.stdint cimport uintptr_t
from libc.string cimport memcmp

cdef extern from *:
    """
    typedef struct vx_node {
        void *events;
        uintptr_t local_name, prefix, ns;
        void *owner_document;
        struct vx_node *next, *prev, *parent, *first_child, *last_child;
        void *user;
        int type;
    } vx_node;
    typedef struct { unsigned char *data; size_t length; } vx_str;
    typedef struct { vx_node node; vx_str data; } vx_chardata;
    typedef struct vx_attr {
        vx_node node;
        uintptr_t upper_name, qualified_name;
        vx_str *value;
        void *owner;
        struct vx_attr *next, *prev;
    } vx_attr;
    typedef struct {
        vx_node node;
        uintptr_t upper_name, qualified_name;
        vx_str *is_value;
        vx_attr *first_attr, *last_attr;
    } vx_element;
    typedef const unsigned char *(*vx_name_f)(const void *, size_t *);
    """
    ctypedef struct vx_node:
        uintptr_t local_name
        vx_node *next
        vx_node *parent
        vx_node *first_child
        int type
    ctypedef struct vx_str:
        unsigned char *data
        size_t length
    ctypedef struct vx_chardata:
        vx_str data
    ctypedef struct vx_attr:
        vx_str *value
        vx_attr *next
    ctypedef struct vx_element:
        vx_attr *first_attr
    ctypedef const unsigned char *(*vx_name_f)(const void *, size_t *)

cdef enum:
    NODE_ELEMENT = 1
    NODE_TEXT = 3
    # element flags, as in clean_dom
    HID = 1
    LINK = 2
    CAP = 4
    EM = 8
    CAND = 16
    INLINE_FLAG = 32
    STRICT = 64
    ICAND = 128
    INHERITED = HID | LINK | CAP | EM
    SPARE_MIN = 1000

cdef vx_name_f _element_name = NULL   # lxb_dom_element_qualified_name
cdef vx_name_f _attr_name = NULL      # lxb_dom_attr_qualified_name


def configure(size_t element_name, size_t attr_name):
    """Addresses of lexbor's ``lxb_dom_element_qualified_name`` and
    ``lxb_dom_attr_qualified_name`` (exported by selectolax's extension)."""
    global _element_name, _attr_name
    _element_name = <vx_name_f> element_name
    _attr_name = <vx_name_f> attr_name


cdef extern from *:
    """
    #include <string.h>
    #if defined(_MSC_VER)
    #define VX_RESTRICT __restrict
    #else
    #define VX_RESTRICT restrict
    #endif
    /* characters of UTF-8 text, or -1 when it is not valid UTF-8 (as Python's decoder judges) */
    static Py_ssize_t vx_utf8_chars(const unsigned char *s, size_t n) {
        Py_ssize_t c = 0;
        size_t k = 0;
        while (k < n) {
            unsigned char b = s[k];
            size_t len;
            unsigned char lo = 0x80, hi = 0xBF;
            if (b < 0x80) { k++; c++; continue; }
            else if (b >= 0xC2 && b <= 0xDF) len = 2;
            else if (b >= 0xE0 && b <= 0xEF) { len = 3; if (b == 0xE0) lo = 0xA0; else if (b == 0xED) hi = 0x9F; }
            else if (b >= 0xF0 && b <= 0xF4) { len = 4; if (b == 0xF0) lo = 0x90; else if (b == 0xF4) hi = 0x8F; }
            else return -1;
            if (k + len > n || s[k + 1] < lo || s[k + 1] > hi) return -1;
            for (size_t j = 2; j < len; j++) if ((s[k + j] & 0xC0) != 0x80) return -1;
            k += len; c++;
        }
        return c;
    }
    /* UTF-8 size and count of '<' of a str's code units, branch-free so that the compiler
       vectorises it; lone surrogates (U+D800..U+DFFF) take no room: str.encode(errors="ignore") */
    #define VX_SIZE(T, ACC) \
    static Py_ssize_t vx_size_##T(const T *s, Py_ssize_t n, Py_ssize_t *tags) { \
        Py_ssize_t size = 0, lt = 0; \
        for (Py_ssize_t k0 = 0; k0 < n; k0 += 4096) { \
            Py_ssize_t e = k0 + 4096 < n ? k0 + 4096 : n; \
            ACC sz = 0, l = 0;   /* narrow sums over a block (4096 x 4 fits): the loop vectorises */ \
            for (Py_ssize_t k = k0; k < e; k++) { \
                T c = s[k]; \
                sz += (ACC) (1u + (c >= 0x80) + (c >= 0x800) + (c > 0xFFFFu) \
                             - 3u * ((c & (T) 0xFFFFF800u) == 0xD800u)); \
                l += c == 60; \
            } \
            size += sz; lt += l; \
        } \
        *tags = lt; \
        return size; \
    }
    VX_SIZE(uint8_t, uint16_t)
    VX_SIZE(uint16_t, uint16_t)
    VX_SIZE(uint32_t, uint32_t)
    /* the encoding itself: blocks of 16 ASCII code units are copied without a test each */
    #define VX_FILL(T) \
    static void vx_fill_##T(const T *VX_RESTRICT s, Py_ssize_t n, unsigned char *VX_RESTRICT out) { \
        Py_ssize_t k = 0; \
        while (k < n) { \
            if (k + 16 <= n) { \
                T m = 0; \
                for (int j = 0; j < 16; j++) m |= s[k + j]; \
                if (m < 0x80) { \
                    for (int j = 0; j < 16; j++) out[j] = (unsigned char) s[k + j]; \
                    out += 16; k += 16; continue; \
                } \
            } \
            uint32_t c = s[k++]; \
            if (c < 0x80) { *out++ = (unsigned char) c; } \
            else if (c < 0x800) { *out++ = 0xC0 | (c >> 6); *out++ = 0x80 | (c & 0x3F); } \
            else if (c < 0x10000) { \
                if ((c & 0xF800u) == 0xD800u) continue; \
                *out++ = 0xE0 | (c >> 12); *out++ = 0x80 | ((c >> 6) & 0x3F); *out++ = 0x80 | (c & 0x3F); } \
            else { *out++ = 0xF0 | (c >> 18); *out++ = 0x80 | ((c >> 12) & 0x3F); \
                   *out++ = 0x80 | ((c >> 6) & 0x3F); *out++ = 0x80 | (c & 0x3F); } \
        } \
    }
    VX_FILL(uint8_t)
    VX_FILL(uint16_t)
    VX_FILL(uint32_t)
    """
    Py_ssize_t vx_size_uint8_t(const void *s, Py_ssize_t n, Py_ssize_t *tags) noexcept
    Py_ssize_t vx_size_uint16_t(const void *s, Py_ssize_t n, Py_ssize_t *tags) noexcept
    Py_ssize_t vx_size_uint32_t(const void *s, Py_ssize_t n, Py_ssize_t *tags) noexcept
    void vx_fill_uint8_t(const void *s, Py_ssize_t n, unsigned char *out) noexcept
    void vx_fill_uint16_t(const void *s, Py_ssize_t n, unsigned char *out) noexcept
    void vx_fill_uint32_t(const void *s, Py_ssize_t n, unsigned char *out) noexcept
    Py_ssize_t vx_utf8_chars(const unsigned char *s, size_t n) noexcept


def utf8_and_tags(str s):
    """``(s.encode("utf-8", "ignore"), s.count("<"))``: what selectolax does to a ``str`` before
    parsing (CPython's encoder takes ~11 instructions per character of a page that holds any
    non-Latin-1 character, and most pages do) and the guard's count, in two passes the
    compiler can vectorise."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s), size, tags = 0
    cdef int kind = PyUnicode_KIND(s)
    cdef const void *data = PyUnicode_DATA(s)
    cdef bytes res
    if kind == 1:
        size = vx_size_uint8_t(data, n, &tags)
    elif kind == 2:
        size = vx_size_uint16_t(data, n, &tags)
    else:
        size = vx_size_uint32_t(data, n, &tags)
    res = PyBytes_FromStringAndSize(NULL, size)
    if kind == 1:
        vx_fill_uint8_t(data, n, <unsigned char *> PyBytes_AS_STRING(res))
    elif kind == 2:
        vx_fill_uint16_t(data, n, <unsigned char *> PyBytes_AS_STRING(res))
    else:
        vx_fill_uint32_t(data, n, <unsigned char *> PyBytes_AS_STRING(res))
    return res, tags


cdef inline int _space_kind(const unsigned char *s, size_t n) noexcept:
    # str.isspace() of the decoded text, told from the bytes when they decide it:
    # 1 all ASCII whitespace (Python's: \t \n \v \f \r \x1c-\x1f and space), 0 an ASCII
    # non-space, -1 only non-ASCII left to judge (decode and ask Python)
    cdef size_t k
    cdef int r = 1
    cdef unsigned char b
    for k in range(n):
        b = s[k]
        if b >= 0x80:
            r = -1
        elif not (b == 32 or 9 <= b <= 13 or 28 <= b <= 31):
            return 0
    return r


cdef inline str _decode(const unsigned char *data, size_t n):
    return PyUnicode_DecodeUTF8(<const char *> data, n, "replace")


cdef inline bint _ws_only(const unsigned char *s, size_t n) noexcept:
    # lexbor's skip_empty: NULL, empty, or only ASCII whitespace (not NBSP)
    cdef size_t k
    for k in range(n):
        if s[k] != 32 and s[k] != 9 and s[k] != 10 and s[k] != 12 and s[k] != 13:
            return False
    return True


cdef inline Py_ssize_t _chars(const unsigned char *s, size_t n) except -1:
    # characters as selectolax counts them (decoded with "replace": an invalid byte sequence
    # is one U+FFFD); text parsed from a str is always valid UTF-8, bytes input may not be
    cdef Py_ssize_t c = vx_utf8_chars(s, n)
    return c if c >= 0 else len(_decode(s, n))


cdef inline vx_node *_skip(vx_node *n, vx_node *root) noexcept:
    # the node after n's subtree in document order, inside root's subtree (NULL at its end)
    while n != root and n.next == NULL:
        n = n.parent
    return NULL if n == root else n.next


cdef inline vx_node *_following(vx_node *n, vx_node *root) noexcept:
    # the node after n in document order (its first child first), inside root's subtree
    return n.first_child if n.first_child != NULL else _skip(n, root)


cdef Py_ssize_t _text_len(vx_node *root) except -1:
    """len(node.text(deep=True, skip_empty=True)) of an element."""
    cdef vx_node *n = root.first_child
    cdef vx_chardata *t
    cdef Py_ssize_t total = 0
    while n != NULL:
        if n.type == NODE_TEXT:
            t = <vx_chardata *> n
            if t.data.data != NULL and not _ws_only(t.data.data, t.data.length):
                total += _chars(t.data.data, t.data.length)
        n = _following(n, root)
    return total


cdef inline object _value(vx_attr *at):
    # the attribute's value as selectolax's ``attributes`` gives it (None when there is none)
    if at.value == NULL or at.value.data == NULL:
        return None
    return _decode(at.value.data, at.value.length)


cdef inline int _close(list items, Py_ssize_t cur, list parts, Py_ssize_t links, Py_ssize_t ems,
                       object susp) except -1:
    # the open block (owner, folded text, parts, link and emphasis characters, suspects) into
    # ``items``, as clean_dom._walk does
    cdef str text = " ".join(("".join(parts) if len(parts) > 1 else parts[0]).split())
    if text or susp is not None:
        items.append((cur, text, parts, links, ems, susp))
    return 0


cdef str _tag_name(vx_node *n):
    cdef size_t k = 0
    cdef const unsigned char *s = _element_name(<const void *> n, &k)
    return _decode(s, k) if s != NULL else None


def walk(root, dict tag_names, dict tag_info, frozenset skip, classify, dict memo, hidden_style,
         frozenset keep, frozenset caption_ids, bint collapse, uintptr_t id_h1, uintptr_t id_a, uintptr_t id_p, uintptr_t id_article):
    """The page model lists of ``root`` (a selectolax node), as clean_dom.build's walk makes
    them; elements are given by their lexbor address (``mem_id``) and their position among
    their parent's children (``pos``), from which :class:`clean_dom.LazyNodes` finds them."""
    if _element_name == NULL or _attr_name == NULL:
        raise RuntimeError("pipeline._walk.configure() has not been called")
    cdef vx_node *rootp = <vx_node *> <size_t> root.mem_id
    cdef vx_node *node = rootp
    cdef vx_node *el
    cdef vx_node *first
    cdef vx_node *m
    cdef vx_chardata *tc
    cdef vx_attr *at
    cdef const unsigned char *an
    cdef size_t alen = 0
    cdef Py_ssize_t i, pi = -1, cur = -1, chars = 0, link_chars = 0, links = 0, ems = 0
    cdef Py_ssize_t n, k, nl, ne, tl, o, child_pos = 0, np_marks, depth
    cdef long f, fe
    cdef int sp
    cdef bint special = bool(keep or caption_ids)
    cdef bint has_attr, has_h1, has_article, hidden_attr, has_style, leaf
    cdef str txt, tag, st
    cdef list mems = [], tags = [], attrs = [], parent = [], pos = [], flags = [], owner = []
    cdef list end = [], chars_before = [], links_before = [], p_elems = [], items = []
    cdef list cands = [], hidden = [], collapsed = [], named = [], parts = [], stack = []
    cdef object susp = None
    cdef object cls, ident, role, itemprop, aria, style, c
    cdef bint article_inside = False
    cdef uintptr_t tid
    collapse = collapse and not keep

    while True:
        if node == NULL:
            if pi < 0:
                break
            end[pi] = len(mems)
            node_addr, pi, child_pos = stack.pop()
            node = <vx_node *> <size_t> node_addr
            continue
        el = node
        node = el.next if pi >= 0 else NULL
        if el.type == NODE_TEXT:
            child_pos += 1
            tc = <vx_chardata *> el
            if tc.data.data == NULL or tc.data.length == 0 or pi < 0:
                continue
            sp = _space_kind(tc.data.data, tc.data.length)
            if sp == 1:
                if parts:
                    parts.append(" ")
                continue
            txt = _decode(tc.data.data, tc.data.length)
            if sp == -1 and txt.isspace():
                if parts:
                    parts.append(" ")
                continue
            n = len(txt)
            chars += n
            fe = flags[pi]
            if fe & LINK:
                link_chars += n
            if fe & HID:
                continue
            o = owner[pi]
            if o != cur:
                if parts:
                    _close(items, cur, parts, links, ems, susp)
                    parts, links, ems, susp = [], 0, 0, None
                cur = o
            if fe & (LINK | EM | ICAND):
                k = len(txt.strip())
                nl = k if fe & LINK else 0
                ne = k if fe & EM else 0
                links += nl
                ems += ne
                if fe & ICAND:
                    if susp is None:
                        susp = []
                    susp.append((len(parts), pi, nl, ne))
            parts.append(txt)
            continue
        child_pos += 1
        if el.type != NODE_ELEMENT:
            continue   # comments, doctype
        tid = el.local_name
        tag = tag_names.get(tid)
        if tag is None:
            tag = tag_names[tid] = _tag_name(el)
        if tag in skip:
            continue
        i = len(mems)
        mems.append(<size_t> el)
        tags.append(tag)
        parent.append(pi)
        pos.append(child_pos - 1)
        end.append(0)
        chars_before.append(chars)
        links_before.append(link_chars)
        if tid == id_p:
            p_elems.append(i)
        f = tag_info.get(tag, 0)
        st = ""
        at = (<vx_element *> el).first_attr
        if at != NULL:
            cls = ident = role = itemprop = aria = style = None
            hidden_attr = has_style = False
            while at != NULL:
                an = _attr_name(<const void *> at, &alen)
                if an != NULL:
                    if alen == 5 and memcmp(an, b"class", 5) == 0:
                        cls = _value(at)
                    elif alen == 2 and memcmp(an, b"id", 2) == 0:
                        ident = _value(at)
                    elif alen == 4 and memcmp(an, b"role", 4) == 0:
                        role = _value(at)
                    elif alen == 8 and memcmp(an, b"itemprop", 8) == 0:
                        itemprop = _value(at)
                    elif alen == 6 and memcmp(an, b"hidden", 6) == 0:
                        hidden_attr = True
                    elif alen == 11 and memcmp(an, b"aria-hidden", 11) == 0:
                        aria = _value(at)
                    elif alen == 5 and memcmp(an, b"style", 5) == 0:
                        has_style = True
                        style = _value(at)
                at = at.next
            role = role or itemprop
            if cls or ident or role:
                st = f"{cls or ''} {ident or ''} {role or ''}".lower()
                c = memo.get(st)
                f |= <long> (classify(st) if c is None else c)
            if hidden_attr or aria == "true" and tag != "span" \
                    or has_style and hidden_style(style or ""):
                f |= HID
                hidden.append(i)
        attrs.append(st)
        if st:
            named.append(i)
        if special:
            if (<size_t> el) in caption_ids:
                f |= CAP
            if (<size_t> el) in keep:
                f &= ~(CAND | STRICT | CAP)
        if i == 0 and f & (CAND | CAP) and (tag == "html" or tag == "body"):
            f &= ~(CAND | STRICT | CAP)
        if f & CAND:
            cands.append(i)
        if pi >= 0:
            f |= <long> flags[pi] & INHERITED
        first = el.first_child
        leaf = False
        if collapse and not f & INLINE_FLAG and f & (CAND | HID):
            tl = _text_len(el)
            if f & (HID | STRICT) or tl <= SPARE_MIN:
                # the elements css("h1, a, p, article") finds: the element itself and its
                # descendants with those tags
                has_h1 = has_article = False
                np_marks = 0
                nl = 0
                m = el
                while m != NULL:
                    if m.type == NODE_ELEMENT:
                        if m.local_name == id_h1:
                            has_h1 = True
                            break
                        elif m.local_name == id_a:
                            nl += _text_len(m)
                        elif m.local_name == id_p:
                            np_marks += 1
                        elif m.local_name == id_article:
                            has_article = True
                    m = _following(m, el)
                if not has_h1:
                    if f & LINK:
                        nl = tl
                    if np_marks:
                        p_elems.extend([i] * np_marks)
                    if has_article:
                        article_inside = True
                    chars += tl
                    link_chars += nl
                    collapsed.append(i)
                    if not st:
                        named.append(i)
                    leaf = True   # a leaf of the model: its subtree is not walked
        if f & INLINE_FLAG:
            if f & CAND or pi >= 0 and <long> flags[pi] & ICAND:
                f |= ICAND
            flags.append(f)
            owner.append(owner[pi] if pi >= 0 else i)
        else:
            flags.append(f)
            owner.append(i)
        if not f & INLINE_FLAG or tag == "br":   # a block element or a line break ends the open block
            if parts:
                _close(items, cur, parts, links, ems, susp)
                parts, links, ems, susp = [], 0, 0, None
            cur = -1
        if leaf or first == NULL or tag == "img" or tag == "br":
            if tag == "img" and not f & HID:
                items.append(i)
            end[i] = i + 1
            continue
        stack.append((<size_t> node, pi, child_pos))
        node = first
        pi = i
        child_pos = 0
    if parts:
        _close(items, cur, parts, links, ems, susp)
    return (mems, tags, attrs, parent, pos, flags, owner, end, chars_before, links_before, p_elems,
            items, cands, hidden, collapsed, named, article_inside, chars, link_chars)


ctypedef void *(*vx_remove_f)(void *)
cdef vx_remove_f _node_remove = NULL   # lxb_dom_node_remove


def configure_strip(size_t node_remove):
    """Address of lexbor's ``lxb_dom_node_remove``."""
    global _node_remove
    _node_remove = <vx_remove_f> node_remove


cdef void _remove_deep(vx_node *root) noexcept:
    # selectolax's node_remove_deep: every node of the subtree detached, children first
    cdef vx_node *node = root
    cdef vx_node *tmp
    while node != NULL:
        if node.first_child != NULL:
            node = node.first_child
        else:
            while node != root and node.next == NULL:
                tmp = node.parent
                _node_remove(node)
                node = tmp
            if node == root:
                _node_remove(node)
                break
            tmp = node.next
            _node_remove(node)
            node = tmp


def strip(size_t top, tuple ids):
    """``tree.strip_tags(names, recursive=True)`` in one pass: the elements below ``top`` (the
    address of the <html> element) whose tag id is in ``ids`` are removed with their subtrees.
    Returns how many were removed."""
    if _node_remove == NULL:
        raise RuntimeError("pipeline._walk.configure_strip() has not been called")
    cdef vx_node *root = <vx_node *> top
    cdef vx_node *n = root.first_child
    cdef vx_node *nxt
    cdef Py_ssize_t removed = 0, k, nids = len(ids)
    cdef uintptr_t want[64]
    cdef bint hit
    if nids > 64:
        raise ValueError("at most 64 tag ids")
    for k in range(nids):
        want[k] = ids[k]
    while n != NULL:
        hit = False
        if n.type == NODE_ELEMENT:
            for k in range(nids):
                if n.local_name == want[k]:
                    hit = True
                    break
        if hit:
            nxt = _skip(n, root)   # step past the subtree first, then cut it out
            _remove_deep(n)
            removed += 1
            n = nxt
        else:
            n = _following(n, root)
    return removed


def named_inside(root, dict tag_names, frozenset skip):
    """What ``root.css(":is([class], [id], [role], [itemprop])")`` finds below ``root`` (not
    ``root`` itself), without the elements named in ``skip``: (path, tag, attribute string)
    in document order, ``path`` being the positions among siblings from ``root`` down, and the
    attribute string that of ``clean_dom.attr_string``. (Attributes are told by their qualified
    name, as ``attributes`` keys them; CSS would also take a namespaced ``xlink:role`` for
    ``[role]``, which only foreign SVG/MathML content has, and the cleaner strips that first.)"""
    if _element_name == NULL or _attr_name == NULL:
        raise RuntimeError("pipeline._walk.configure() has not been called")
    cdef vx_node *top = <vx_node *> <size_t> root.mem_id
    cdef vx_node *n = top.first_child
    cdef vx_attr *at
    cdef const unsigned char *an
    cdef size_t alen = 0
    cdef bint named
    cdef list out = [], path = [0]
    cdef object cls, ident, role, itemprop
    cdef str tag
    while n != NULL:
        if n.type == NODE_ELEMENT and (<vx_element *> n).first_attr != NULL:
            named = False
            cls = ident = role = itemprop = None
            at = (<vx_element *> n).first_attr
            while at != NULL:
                an = _attr_name(<const void *> at, &alen)
                if an != NULL:
                    if alen == 5 and memcmp(an, b"class", 5) == 0:
                        cls = _value(at)
                        named = True
                    elif alen == 2 and memcmp(an, b"id", 2) == 0:
                        ident = _value(at)
                        named = True
                    elif alen == 4 and memcmp(an, b"role", 4) == 0:
                        role = _value(at)
                        named = True
                    elif alen == 8 and memcmp(an, b"itemprop", 8) == 0:
                        itemprop = _value(at)
                        named = True
                at = at.next
            if named:
                tag = tag_names.get(n.local_name)
                if tag is None:
                    tag = tag_names[n.local_name] = _tag_name(n)
                if tag not in skip:
                    role = role or itemprop
                    out.append((tuple(path), tag,
                                f"{cls or ''} {ident or ''} {role or ''}".lower() if cls or ident or role else ""))
        if n.first_child != NULL:
            n = n.first_child
            path.append(0)
            continue
        while n != top and n.next == NULL:
            n = n.parent
            path.pop()
        if n == top:
            break
        n = n.next
        path[len(path) - 1] += 1
    return out


cdef class Classifier:
    """``clean_dom.classifier``'s function, compiled: a lowercased "class id role" string to its
    CAND / CAP / STRICT bits, memoised per string, per digit-folded shape and per word. The
    rule regexes are the same Python patterns; what is saved is the Python around them (a frame
    per new string and per new word, the prefilter loops). ``memo`` is read inline by walk()."""
    cdef public dict memo
    cdef dict shapes, words, extra
    cdef object b_search, c_search, s_search, e_search, fold_digits
    cdef tuple c_needs, s_needs, e_needs
    cdef long cand, cap, strict

    def __init__(self, boiler, caption, strict, embed, c_needs, s_needs, e_needs, fold_digits,
                 long cand_bit, long cap_bit, long strict_bit):
        self.memo, self.shapes, self.words, self.extra = {}, {}, {}, {}
        self.b_search = boiler.search
        self.c_search = caption.search
        self.s_search = strict.search
        self.e_search = embed.search if embed is not None else None
        self.c_needs, self.s_needs, self.e_needs = c_needs, s_needs, e_needs
        self.fold_digits = fold_digits   # \d+ -> "0" (re.sub bound to its pattern)
        self.cand, self.cap, self.strict = cand_bit, cap_bit, strict_bit

    cdef bint _test(self, search, tuple needs, str w) except -1:
        # clean_dom._prefiltered: the regex only when the word holds a literal every match needs
        if needs is not None:
            for x in needs:
                if x in w:
                    return search(w) is not None
            return False
        return search(w) is not None

    cdef long _word_bits(self, str w) except -1:
        cdef long m = (1 if self.b_search(w) is not None else 0) | (2 if self._test(self.c_search, self.c_needs, w) else 0)
        if len(self.words) < 50_000:
            self.words[w] = m
        return m

    cdef long _extra_bits(self, str w) except -1:
        x = self.extra.get(w)
        if x is not None:
            return x
        cdef long b = self.words.get(w, 1)
        cdef long r = (4 if b & 1 and self._test(self.s_search, self.s_needs, w) else 0) \
            | (8 if self.e_search is not None and self._test(self.e_search, self.e_needs, w) else 0)
        if len(self.extra) < 50_000:
            self.extra[w] = r
        return r

    def __call__(self, str attrs):
        f = self.memo.get(attrs)
        if f is not None:
            return f
        cdef Py_ssize_t k, n = PyUnicode_GET_LENGTH(attrs)
        cdef bint digit = False
        cdef long m = 0, r
        cdef str shape = attrs
        for k in range(n):
            if 48 <= <Py_UCS4> attrs[k] <= 57:
                digit = True
                break
        if digit:
            shape = self.fold_digits("0", attrs)
            f = self.shapes.get(shape)
        if f is None:
            ws = shape.split()
            for w in ws:
                b = self.words.get(w)
                m |= self._word_bits(w) if b is None else <long> b
            if m & 1:
                for w in ws:
                    m |= self._extra_bits(w)
            r = (self.cand if m & 1 else 0) | (self.cap if m & 2 else 0)
            if m & 1 and m & 4:
                r |= self.strict
            elif m & 1 and m & 8:
                r &= ~self.cand
            f = r
            if digit and len(self.shapes) < 50_000:
                self.shapes[shape] = f
        if len(self.memo) < 50_000:
            self.memo[attrs] = f
        return f


cdef class MemoSearch:
    """``clean_dom.memo_search``'s function, compiled: ``bool(rx.search(s))`` memoised per string
    and, for a word-local pattern, tested word by word with a memo per word; the regex only runs
    when the word holds one of ``needs`` (None: always). ``memo`` is read inline by scan_attrs()."""
    cdef public dict memo
    cdef dict words
    cdef object search
    cdef tuple needs
    cdef bint by_word

    def __init__(self, rx, needs, bint by_word):
        self.memo, self.words = {}, {}
        self.search = rx.search
        self.needs = needs
        self.by_word = by_word

    cdef bint _test(self, str w) except -1:
        if self.needs is not None:
            for x in self.needs:
                if x in w:
                    return self.search(w) is not None
            return False
        return self.search(w) is not None

    def __call__(self, str s):
        v = self.memo.get(s)
        if v is not None:
            return v
        cdef bint r = False
        if self.by_word:
            for w in s.split():
                x = self.words.get(w)
                if x is None:
                    x = self._test(w)
                    if len(self.words) < 50_000:
                        self.words[w] = x
                if x:
                    r = True
                    break
        else:
            r = self._test(s)
        v = bool(r)
        if len(self.memo) < 50_000:
            self.memo[s] = v
        return v
