"""Incremental builds: after any kind of edit, the cached build writes the
same bytes as a clean one; a build with nothing to do does nothing."""

import os
import shutil
from pathlib import Path

import pytest

from conftest import make_project


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_as_clean(run, project, tmp_path):
    status, _, err = run("build", "--root", project)
    assert status == 0, err
    clean = tmp_path / "propre"
    status, _, err = run("build", "--root", project, "--out", clean, "--clean", "--force")
    assert status == 0, err
    incremental, expected = tree(project / "_site"), tree(clean)
    assert sorted(incremental) == sorted(expected)
    assert [name for name in expected if incremental[name] != expected[name]] == []


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


EDITS = {
    "module body": lambda c: replace(c / "modules" / "licences.md", "# Les licences", "# Les licences\n\nUne phrase de plus."),
    "module title": lambda c: replace(c / "modules" / "licences.md", "title: Les licences", "title: Licences ouvertes"),
    "reference": lambda c: replace(c / "references.yml", "Open Database License", "Licence ODbL"),
    "glossary": lambda c: replace(c / "glossaire.yml", "definition: ", "definition: Modifié. "),
    "course": lambda c: replace(c / "course.yml", "title: Cours d'essai", "title: Cours d'essai renommé"),
    "parcours": lambda c: replace(c / "parcours" / "essai.yml", "{ pause: 15min }", "{ pause: 20min }"),
    "session": lambda c: replace(c / "sessions" / "mairie-2027.yml", "salle des mariages", "salle du conseil"),
    "media": lambda c: (c / "media" / "schema.png").write_bytes((c / "media" / "schema.png").read_bytes() + b"\0"),
    "new module": lambda c: shutil.copy(c / "modules" / "donnee.md", c / "modules" / "nouveau.md"),
}


@pytest.mark.parametrize("edit", EDITS)
def test_incremental_build_equals_clean_build_after_an_edit(edit, run, tmp_path):
    project = make_project(tmp_path)
    assert run("build", "--root", project)[0] == 0
    EDITS[edit](project / "content")
    assert_same_as_clean(run, project, tmp_path)


def test_template_and_static_edits_are_seen(run, tmp_path):
    project = make_project(tmp_path)
    assert run("build", "--root", project)[0] == 0
    (project / "templates").mkdir()
    (project / "templates" / "base.html").write_text('{% extends "!default/base.html" %}{% block head %}<meta name="x" content="1">{% endblock %}')
    assert_same_as_clean(run, project, tmp_path)
    (project / "static").mkdir()
    (project / "static" / "extra.css").write_text("body { color: black; }")
    assert_same_as_clean(run, project, tmp_path)
    assert (project / "_site" / "static" / "extra.css").is_file()


def test_project_templates_may_show_module_text_on_any_page(run, tmp_path):
    project = make_project(tmp_path)
    (project / "templates").mkdir()
    (project / "templates" / "index.html").write_text(
        '{% extends "!default/index.html" %}{% block main %}'
        '<p>{{ course.modules["licences"].slides[0].parts[0].text }}</p>{{ super() }}{% endblock %}')
    assert run("build", "--root", project)[0] == 0
    EDITS["module body"](project / "content")
    assert_same_as_clean(run, project, tmp_path)
    assert "Une phrase de plus." in (project / "_site" / "index.html").read_text(encoding="utf-8")


def test_deleted_module_disappears(run, tmp_path):
    project = make_project(tmp_path)
    assert run("build", "--root", project)[0] == 0
    content = project / "content"
    (content / "modules" / "licences.md").unlink()
    (content / "parcours" / "deux-matinees.yml").unlink()
    (content / "sessions" / "mairie-2027.yml").unlink()
    replace(content / "parcours" / "essai.yml", "      - { module: licences, duration: 30min }\n", "")
    assert_same_as_clean(run, project, tmp_path)
    assert not (project / "_site" / "modules" / "licences").exists()


def test_one_edit_reuses_the_other_modules_and_a_noop_does_nothing(run, tmp_path):
    project = make_project(tmp_path)
    assert run("build", "--root", project)[0] == 0
    page = project / "_site" / "modules" / "donnee" / "index.html"
    before = page.stat().st_mtime_ns
    status, _, err = run("build", "--root", project)
    assert status == 0 and "Site à jour" in err
    assert page.stat().st_mtime_ns == before
    EDITS["module body"](project / "content")
    status, _, err = run("build", "--root", project)
    # Rendered again: the module's 3 pages, the 5 day decks (parcours and
    # session) that show it, the session's handouts; the 13 others are reused.
    assert status == 0 and "repris du cache : 1/2 modules, 16/25 pages" in err, err
    assert page.stat().st_mtime_ns == before  # unchanged page: linked, not rewritten


def test_noop_build_repeats_the_warnings(run, tmp_path):
    project = make_project(tmp_path)
    replace(project / "content" / "sessions" / "mairie-2027.yml", "lieu: Mairie, salle des mariages", "lieu: À préciser")
    first = run("build", "--root", project)
    second = run("build", "--root", project)
    assert "« lieu » est encore à préciser" in first[2]
    assert "« lieu » est encore à préciser" in second[2] and "Site à jour" in second[2]


def test_a_damaged_cache_is_only_a_miss(run, tmp_path):
    project = make_project(tmp_path)
    assert run("build", "--root", project)[0] == 0
    for entry in (project / ".cache" / "opendata-course" / "modules").glob("*.pickle"):
        entry.write_bytes(entry.read_bytes()[:10])
    EDITS["course"](project / "content")
    assert_same_as_clean(run, project, tmp_path)


def test_parallel_build_equals_sequential_build(run, tmp_path):
    project = make_project(tmp_path)
    modules = project / "content" / "modules"
    for index in range(6):
        text = (modules / "donnee.md").read_text(encoding="utf-8").replace("Donnée, donnée publique", f"Copie {index}", 1)
        (modules / f"copie-{index}.md").write_text(text, encoding="utf-8")
    assert run("build", "--root", project, "--clean", "--jobs", "2")[0] == 0
    assert run("build", "--root", project, "--out", tmp_path / "seq", "--clean", "--jobs", "1")[0] == 0
    assert tree(project / "_site") == tree(tmp_path / "seq")


def test_a_page_edited_by_hand_in_the_site_is_written_again(run, tmp_path):
    project = make_project(tmp_path)
    assert run("build", "--root", project)[0] == 0
    page = project / "_site" / "modules" / "donnee" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- modifié à la main -->", encoding="utf-8")
    EDITS["module body"](project / "content")  # another module: donnee's key does not change
    assert_same_as_clean(run, project, tmp_path)


def test_the_root_may_be_given_relative_or_in_full(run, tmp_path, monkeypatch):
    project = make_project(tmp_path)
    assert run("build", "--root", project)[0] == 0
    EDITS["module body"](project / "content")
    monkeypatch.chdir(project)
    status, _, err = run("build", "--root", ".")
    assert status == 0 and "repris du cache : 1/2 modules, 16/25 pages" in err, err


def test_this_repository_s_theme_is_not_taken_for_project_templates():
    from conftest import REPO

    from opendata_course.site.theme import project_templates

    assert project_templates(REPO) is None  # so editing a module does not render every page again


def test_a_module_stylesheet_edit_remakes_what_shows_it(run, tmp_path):
    """The stylesheet is an input of its module's key: editing it remakes
    that module's pages and the day decks that show it, nothing else."""
    project = make_project(tmp_path)
    content = project / "content"
    (content / "media" / "licences.css").write_text(".remark-slide-content h1 { color: #00539f; }\n", encoding="utf-8")
    replace(content / "modules" / "licences.md", "title: Les licences", "title: Les licences\ncss: ../media/licences.css")
    assert run("build", "--root", project)[0] == 0
    style = project / "_site" / "modules" / "licences" / "style.css"
    assert "#00539f" in style.read_text(encoding="utf-8")
    replace(content / "media" / "licences.css", "#00539f", "#b3001b")
    status, _, err = run("build", "--root", project)
    assert status == 0 and "repris du cache : 1/2 modules, 16/25 pages" in err, err
    assert "#b3001b" in style.read_text(encoding="utf-8")
    assert_same_as_clean(run, project, tmp_path)


@pytest.mark.parametrize("damaged", [False, True])
def test_an_edit_converted_while_the_cache_is_read_gives_the_same_site(damaged, run, tmp_path, monkeypatch):
    """Large courses: the changed module is converted in a forked process
    while the others are read from the cache; an entry found unreadable
    then is converted after."""
    from opendata_course.build import modules

    monkeypatch.setattr(modules, "OVERLAP_FROM", 1)
    started = []
    start = modules.start_computing
    monkeypatch.setattr(modules, "start_computing", lambda *args: started.append(args[1]) or start(*args))
    project = make_project(tmp_path)
    assert run("build", "--root", project, "--jobs", "2")[0] == 0
    if damaged:
        for entry in (project / ".cache" / "opendata-course" / "modules").glob("*.pickle"):
            entry.write_bytes(entry.read_bytes()[:10])
    EDITS["module body"](project / "content")
    status, _, err = run("build", "--root", project, "--jobs", "2")
    assert status == 0, err
    assert [path.name for path in started[-1]] == ["licences.md"]
    # An entry found unreadable was stored again: the next edit reads it from the cache.
    replace(project / "content" / "modules" / "licences.md", "Une phrase de plus.", "Une autre phrase.")
    status, _, err = run("build", "--root", project, "--jobs", "2")
    assert status == 0 and "repris du cache : 1/2 modules" in err, err
    assert_same_as_clean(run, project, tmp_path)


def test_a_module_file_is_read_again_only_when_its_stamp_changed(run, tmp_path, monkeypatch):
    """As git does with its index: a module file whose size, times and inode
    are those the last build recorded is not read again; one rewritten in
    place, its size and modification time kept, is (its change time moved)."""
    from opendata_course.build import modules

    monkeypatch.setattr(modules, "RACY_NS", -10**12)  # files just written count as old enough to be trusted
    project = make_project(tmp_path)
    assert run("build", "--root", project)[0] == 0
    read = []
    reader = modules.read_source
    monkeypatch.setattr(modules, "read_source", lambda path, problems: read.append(path.name) or reader(path, problems))
    EDITS["course"](project / "content")  # every module is converted again, none of their files is read for its key
    assert run("build", "--root", project)[0] == 0
    assert [name for name in read if name.endswith(".md")] == []
    module = project / "content" / "modules" / "licences.md"
    before = module.stat()
    module.write_text(module.read_text(encoding="utf-8").replace("rend des avis", "rend ses avis"), encoding="utf-8")
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert module.stat().st_size == before.st_size and module.stat().st_mtime_ns == before.st_mtime_ns
    assert_same_as_clean(run, project, tmp_path)
    assert "licences.md" in read
    assert "rend ses avis" in (project / "_site" / "modules" / "licences" / "index.html").read_text(encoding="utf-8")


def test_a_module_changed_within_the_clock_s_tick_of_its_reading_is_read_again(run, tmp_path, monkeypatch):
    """A file changed shortly before it was read is not trusted by its
    stamp: a second change within the same tick of a coarse clock would
    keep it. Once old enough, it is."""
    from opendata_course.build import modules

    monkeypatch.setattr(modules, "RACY_NS", 10**15)  # every file counts as just changed
    read = []
    reader = modules.read_source
    monkeypatch.setattr(modules, "read_source", lambda path, problems: read.append(path.name) or reader(path, problems))
    project = make_project(tmp_path)
    stamps = project / ".cache" / "opendata-course" / "stamps.json"
    for _ in range(2):
        EDITS["course"](project / "content")
        assert run("build", "--root", project)[0] == 0
        assert "licences.md" not in stamps.read_text(encoding="utf-8")
    assert read.count("licences.md") == 2  # read at each build
    monkeypatch.setattr(modules, "RACY_NS", -10**12)  # as if the files were old
    for _ in range(2):
        EDITS["course"](project / "content")
        assert run("build", "--root", project)[0] == 0
    assert "licences.md" in stamps.read_text(encoding="utf-8") and read.count("licences.md") == 3  # then trusted


@pytest.mark.parametrize("stamps", ['{"x": ', '[1, 2]', '{"%s": [[1], 5, null]}', '{"%s": "texte"}', '{"%s": [%s, 7, ["a", 3]]}',
                                    '{"%s": [%s, "0", "a.css"]}', '{"%s": [%s]}'])
def test_damaged_stamps_are_only_misses(stamps, run, tmp_path, monkeypatch):
    """A stamps file cut short, or holding values of another shape (even
    with the right stamp), makes the build read the files again."""
    from opendata_course.build import modules

    monkeypatch.setattr(modules, "RACY_NS", -10**12)
    project = make_project(tmp_path)
    assert run("build", "--root", project)[0] == 0
    path = project / ".cache" / "opendata-course" / "stamps.json"
    module = project / "content" / "modules" / "licences.md"
    stamp = modules.file_stamp(module)
    path.write_text(stamps.replace("%s", str(module), 1).replace("%s", str(stamp).replace("'", '"'), 1), encoding="utf-8")
    EDITS["course"](project / "content")  # every module is converted again: licences.md's key comes from its stamp
    assert_same_as_clean(run, project, tmp_path)


def test_a_clean_build_starts_from_nothing_and_leaves_a_cache_for_the_next(run, tmp_path, monkeypatch):
    """`build --clean` reads nothing kept (every module is converted again)
    and keeps what it makes, as a first build does: the edit after it
    converts one module and makes only the pages that show it."""
    from opendata_course.build import modules

    converted = []
    convert = modules.convert_module
    monkeypatch.setattr(modules, "convert_module", lambda module, converter: converted.append(module.slug) or convert(module, converter))
    project = make_project(tmp_path)
    assert run("build", "--root", project, "--jobs", "1")[0] == 0 and len(converted) == 2
    status, _, err = run("build", "--root", project, "--clean", "--jobs", "1")
    assert status == 0 and "repris du cache" not in err, err
    assert sorted(converted) == ["donnee", "donnee", "licences", "licences"]
    EDITS["module body"](project / "content")
    status, _, err = run("build", "--root", project)
    assert status == 0 and "repris du cache : 1/2 modules, 16/25 pages" in err, err
    assert_same_as_clean(run, project, tmp_path)


def test_without_a_cache_each_module_is_converted_once(run, tmp_path, monkeypatch):
    """Where the cache cannot be kept (no signing key, a full or read-only
    disk), the views go back with each entry: the pages do not convert the
    module again."""
    from opendata_course.build import cache, modules

    monkeypatch.setattr(cache, "signing_key", lambda: None)
    converted = []
    convert = modules.convert_module
    monkeypatch.setattr(modules, "convert_module", lambda module, converter: converted.append(module.slug) or convert(module, converter))
    project = make_project(tmp_path)
    status, _, err = run("build", "--root", project, "--jobs", "1")
    assert status == 0, err
    assert sorted(converted) == ["donnee", "licences"]
    assert (project / "_site" / "modules" / "licences" / "diapos.html").is_file()


def test_check_shares_the_build_s_cache_and_says_the_same(run, tmp_path, monkeypatch):
    """A contributor runs `check` again and again: a module already checked
    (or built) is not converted again, and its problems are still reported."""
    from opendata_course.build import modules

    converted = []
    convert = modules.convert_module
    monkeypatch.setattr(modules, "convert_module", lambda module, converter: converted.append(module.slug) or convert(module, converter))
    project = make_project(tmp_path)
    replace(project / "content" / "modules" / "licences.md", "# Les licences", "# Les licences\n\n" + "mot " * 120)
    first = run("check", "--root", project)
    assert first[0] == 0 and "diapositive trop chargée" in first[2], first[2]
    assert sorted(converted) == ["donnee", "licences"]
    second = run("check", "--root", project)
    assert second == first and sorted(converted) == ["donnee", "licences"]
    assert run("build", "--root", project)[0] == 0 and sorted(converted) == ["donnee", "licences"]
    from opendata_course.site.pages import Site

    made = []
    render = Site.render_page
    monkeypatch.setattr(Site, "render_page", lambda self, *args: made.append(args[1]) or render(self, *args))
    assert run("check", "--root", project) == first and made == []  # every page is the last build's
    EDITS["module body"](project / "content")
    assert run("check", "--root", project)[0] == 0 and sorted(converted) == ["donnee", "licences", "licences"]
    assert "modules/licences/index.html" in made and "modules/donnee/index.html" not in made


def test_references_glossary_and_competences_are_parsed_again_only_when_they_change(run, tmp_path, monkeypatch):
    """Their problems are said at every build, parsed or kept; a link put
    in place of one of them is seen (and refused) at once."""
    from opendata_course.build import modules

    parsed = []
    load = modules.load_shared
    monkeypatch.setattr(modules, "load_shared", lambda content, problems: parsed.append(1) or load(content, problems))
    project = make_project(tmp_path)
    references = project / "content" / "references.yml"
    replace(references, "url: https://", "url: ftp://")
    first = run("check", "--root", project)
    assert first[0] == 1 and "references.yml:" in first[2] and "adresse invalide" in first[2]
    assert run("check", "--root", project) == first and len(parsed) == 1
    EDITS["module body"](project / "content")  # the modules' cache is pruned: what load_shared gave stays
    assert run("check", "--root", project)[1:] == first[1:] and len(parsed) == 1
    replace(references, "url: ftp://", "url: https://")
    assert run("build", "--root", project)[0] == 0 and len(parsed) == 2
    outside = tmp_path / "ailleurs.yml"
    outside.write_bytes(references.read_bytes())
    references.unlink()
    references.symlink_to(outside)
    status, _, err = run("check", "--root", project)
    assert status == 1 and "references.yml" in err and "hors du projet" in err, err


def test_a_module_that_is_a_link_is_read_at_every_build(run, tmp_path, monkeypatch):
    """A link's stamp says nothing of its target: a module kept elsewhere in
    the project and linked into content/modules/ is read again each time."""
    from opendata_course.build import modules

    monkeypatch.setattr(modules, "RACY_NS", -10**12)
    project = make_project(tmp_path)
    module = project / "content" / "modules" / "licences.md"
    kept = project / "partage" / "licences.md"
    kept.parent.mkdir()
    module.rename(kept)
    module.symlink_to(kept)
    for _ in range(2):  # the second build would record trusted stamps
        assert run("build", "--root", project)[0] == 0
    replace(kept, "rend des avis", "rend ses avis")
    assert_same_as_clean(run, project, tmp_path)
    assert "rend ses avis" in (project / "_site" / "modules" / "licences" / "index.html").read_text(encoding="utf-8")


def tall_png(width: int, height: int) -> bytes:
    """A PNG's signature and header: all that markup/images.py reads of it."""
    import struct
    import zlib

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk)) + bytes(64)


def test_an_image_replaced_by_a_taller_one_is_measured_again(run, tmp_path):
    """A slide's fit depends on its images' sizes: replacing an image under
    the same name makes its modules checked again (check and build)."""
    project = make_project(tmp_path)
    assert run("build", "--root", project)[0] == 0
    first = run("check", "--root", project)
    assert "donnee.md:41: attention : diapositive trop chargée" not in first[2]
    (project / "content" / "media" / "schema.png").write_bytes(tall_png(100, 2000))
    status, _, err = run("check", "--root", project)
    assert "donnee.md:41: attention : diapositive trop chargée" in err, err
    assert "donnee.md:41: attention : diapositive trop chargée" in run("build", "--root", project)[2]


def test_a_signed_entry_that_cannot_be_unpickled_is_a_miss(tmp_path):
    """Written by another version (a class renamed since, views not packed):
    signed, yet unreadable, every kind of entry is only a miss."""
    from opendata_course.build.cache import Cache

    cache = Cache(tmp_path / "cache")
    if cache.key is None:
        pytest.skip("no signing key here")
    for name in ("cle.pickle", "cle.views.pickle", "shared-cle.pickle"):
        cache._write_signed(name, None)
        path = tmp_path / "cache" / "modules" / name
        payload = b"cun_module_disparu\nUneClasse\n."  # a pickle naming a module that no longer exists
        import hmac

        path.write_bytes(hmac.new(cache.key, payload, "sha256").digest() + payload)
    assert cache.get("cle") is None and cache.views("cle") is None and cache.shared("cle") is None


def test_an_editor_s_swap_file_does_not_make_every_module_converted_again(run, tmp_path):
    """vim rewrites `.licences.md.swp` as one types, and removes it on
    closing: editors' files are not part of what the modules are checked
    against (no source, as for the loader)."""
    project = make_project(tmp_path)
    swap = project / "content" / "modules" / ".licences.md.swp"
    swap.write_bytes(b"a")
    assert run("build", "--root", project)[0] == 0
    swap.write_bytes(b"ab")
    EDITS["module body"](project / "content")
    status, _, err = run("build", "--root", project)
    assert status == 0 and "repris du cache : 1/2 modules" in err, err
    # Closing the file removes it, opening another makes one: no module is converted again either.
    swap.unlink()
    (project / "content" / "modules" / ".donnee.md.swp").write_bytes(b"a")
    replace(project / "content" / "modules" / "licences.md", "Une phrase de plus.", "Une autre phrase.")
    status, _, err = run("build", "--root", project)
    assert status == 0 and "repris du cache : 1/2 modules" in err, err


def test_a_project_in_a_folder_whose_name_is_not_utf8(run, tmp_path):
    """A course kept under a folder named in Latin-1 (an old disk, an old
    archive): it builds, rebuilds after an edit and checks, its keys and
    manifests written all the same."""
    folder = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"r\xe9pertoire")))
    project = make_project(folder)
    assert run("build", "--root", project)[0] == 0
    EDITS["module body"](project / "content")
    status, _, err = run("build", "--root", project)
    assert status == 0 and "repris du cache : 1/2 modules" in err, err
    assert run("check", "--root", project)[0] == 0
