//! `baocao` — the command line over the same core as the web app.
//!
//! Exit codes: 0 success; 1 `check` found an error; 2 unusable input (one line on stderr).

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::io::{Read, Write};
    use std::path::PathBuf;
    use std::process::ExitCode;

    use baocao::{check, document, draft_io, kinds, model::Draft, render};
    use clap::{Parser, Subcommand, ValueEnum};

    #[derive(Parser)]
    #[command(
        name = "baocao",
        version,
        about = "Soạn báo cáo hành chính theo Nghị định 30/2020/NĐ-CP: mẫu, kiểm tra số liệu, xuất .docx."
    )]
    struct Cli {
        /// A kind file (JSON) to use beside the bundled kinds, e.g. a province's own version;
        /// it replaces a bundled kind of the same id.
        #[arg(long, global = true, value_name = "FILE")]
        kind_file: Vec<PathBuf>,
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum KindCommand {
        /// Check a kind file: one line per problem, with its place and line.
        Check {
            /// Kind file (JSON).
            file: PathBuf,
        },
        /// Print a bundled kind's file, as the start of your own version.
        Export {
            /// Report kind id (see `baocao kinds`).
            id: String,
        },
    }

    #[derive(Subcommand)]
    enum Command {
        /// Print the reference report of a kind as draft JSON.
        Sample {
            /// Report kind id (see `baocao kinds`).
            #[arg(long, default_value = kinds::DEFAULT_ID)]
            kind: String,
        },
        /// Render a draft to .docx (or plain text, or its figure tables as .xlsx).
        Render {
            /// Draft JSON file, or `-` for standard input.
            draft: String,
            /// Output file, or `-` for standard output.
            #[arg(short, long)]
            output: String,
            #[arg(long, value_enum, default_value_t = Format::Docx)]
            format: Format,
        },
        /// Check the figures and form of a draft; one line per finding.
        Check {
            /// Draft JSON file, or `-` for standard input.
            draft: String,
            /// Print findings as a JSON array.
            #[arg(long)]
            json: bool,
            /// The previous period's draft: its open figures must be this one's carried-over ones.
            #[arg(long, value_name = "FILE")]
            previous: Option<String>,
        },
        /// Start the next period's report from a draft ("Báo cáo kỳ tiếp theo").
        Next {
            /// Draft JSON file, or `-` for standard input.
            draft: String,
            /// Output file, or `-` for standard output.
            #[arg(short, long)]
            output: String,
        },
        /// Each figure of a draft against the previous period's.
        Compare {
            /// Draft JSON file.
            draft: String,
            /// The previous period's draft (default: the one the draft links).
            #[arg(long, value_name = "FILE")]
            previous: Option<String>,
        },
        /// Sum the reports of units of the same kind and period into one summary draft
        /// ("Tổng hợp báo cáo đơn vị"); findings per unit on stderr.
        Aggregate {
            /// The units' drafts.
            #[arg(required = true)]
            units: Vec<String>,
            /// Output file, or `-` for standard output.
            #[arg(short, long)]
            output: String,
            /// The higher level's own draft to start from (its letterhead and texts).
            #[arg(long, value_name = "FILE")]
            base: Option<String>,
            /// The units expected to report, one name a line: those missing are listed.
            #[arg(long, value_name = "FILE")]
            expect: Option<String>,
        },
        /// List the report kinds this build knows.
        Kinds,
        /// Kind files: check one, or export a bundled one.
        Kind {
            #[command(subcommand)]
            command: KindCommand,
        },
        /// Print the JSON Schema of a kind's draft.
        Schema {
            #[arg(long, default_value = kinds::DEFAULT_ID)]
            kind: String,
        },
        /// Print the consistency rules of a kind as a table (id, severity, what it checks).
        Rules {
            #[arg(long, default_value = kinds::DEFAULT_ID)]
            kind: String,
        },
        /// Time the checks, the document build and the .docx on the reference report and on
        /// one with 100 times its figures; prints medians.
        Bench {
            /// Iterations per measurement.
            #[arg(long, default_value_t = 200)]
            iterations: u32,
        },
        /// Print the draft a .docx written by baocao carries (or a draft file's, read and
        /// migrated) as draft JSON; a .docx edited since gets a notice on stderr.
        Draft {
            /// .docx or draft JSON file, or `-` for standard input.
            file: String,
        },
    }

    #[derive(Clone, Copy, ValueEnum)]
    enum Format {
        Docx,
        Text,
        /// The figure tables as an Excel workbook, one sheet per table.
        Xlsx,
    }

    /// One line on stderr and exit 2.
    fn unusable(msg: impl std::fmt::Display) -> ExitCode {
        eprintln!("baocao: {msg}");
        ExitCode::from(2)
    }

    fn read_input(path: &str) -> Result<Vec<u8>, String> {
        let limit = draft_io::MAX_BYTES as u64 + 1;
        let mut buf = Vec::new();
        let res = if path == "-" {
            std::io::stdin().lock().take(limit).read_to_end(&mut buf)
        } else {
            let p = PathBuf::from(path);
            match std::fs::File::open(&p) {
                Ok(f) => f.take(limit).read_to_end(&mut buf),
                Err(e) => return Err(format!("không mở được tệp {path}: {}", io_reason(&e))),
            }
        };
        res.map_err(|e| format!("không đọc được {path}: {}", io_reason(&e)))?;
        Ok(buf)
    }

    fn io_reason(e: &std::io::Error) -> String {
        match e.kind() {
            std::io::ErrorKind::NotFound => "không có tệp này".into(),
            std::io::ErrorKind::PermissionDenied => "không có quyền đọc".into(),
            std::io::ErrorKind::IsADirectory => "đây là thư mục".into(),
            _ => e.to_string(),
        }
    }

    /// Read a draft (JSON or .docx); a .docx whose text was edited since baocao wrote it gets
    /// the notice on stderr.
    fn load(path: &str) -> Result<Draft, String> {
        let bytes = read_input(path)?;
        let (d, differs) = draft_io::parse_file(&bytes).map_err(|e| e.0)?;
        if let Some(notice) = draft_io::edited_notice(&differs, 20) {
            eprintln!("baocao: {path}: {notice}");
        }
        Ok(d)
    }

    /// A draft, linked to the previous period's draft at `previous` when one is given.
    fn load_linked(path: &str, previous: Option<&str>) -> Result<Draft, String> {
        let mut d = load(path)?;
        if let Some(p) = previous {
            baocao::chain::link_previous(&mut d, &load(p)?);
        }
        Ok(d)
    }

    fn write_output(path: &str, bytes: &[u8]) -> Result<(), String> {
        if path == "-" {
            std::io::stdout().lock().write_all(bytes).map_err(|e| e.to_string())
        } else {
            std::fs::write(path, bytes).map_err(|e| format!("không ghi được {path}: {}", io_reason(&e)))
        }
    }

    /// Print a line on stdout; a closed pipe (`baocao check x | head -1`) ends the program
    /// quietly with code 2 instead of a panic.
    macro_rules! say {
        ($($t:tt)*) => {
            if writeln!(std::io::stdout().lock(), $($t)*).is_err() {
                std::process::exit(2);
            }
        };
    }

    /// Median wall time of `f` over `n` runs, in microseconds.
    fn median_us(n: u32, mut f: impl FnMut()) -> f64 {
        let mut t: Vec<f64> = (0..n)
            .map(|_| {
                let start = std::time::Instant::now();
                f();
                start.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    }

    fn bench(n: u32) {
        let k = kinds::by_id(kinds::DEFAULT_ID).expect("the reference kind");
        let reference = kinds::sample(k);
        // A province summing its communes: every figure times 100.
        let mut big = reference.clone();
        for p in check::figure_paths(k, &reference) {
            if let Some(v) = big.count(&p) {
                big.set(&p, serde_json::json!(v * 100));
            }
        }
        // A summary of many units: every list 100 times as long.
        fn lists_times_100(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(m) => {
                    for (k, x) in m.iter_mut() {
                        match x {
                            serde_json::Value::Array(a) if !a.is_empty() && k != "issuer" => {
                                let one = a.clone();
                                *a = (0..100).flat_map(|_| one.clone()).collect();
                            }
                            _ => lists_times_100(x),
                        }
                    }
                }
                serde_json::Value::Array(a) => a.iter_mut().for_each(lists_times_100),
                _ => {}
            }
        }
        let mut long = reference.clone();
        let mut fields = serde_json::Value::Object(std::mem::take(&mut long.fields));
        lists_times_100(&mut fields);
        if let serde_json::Value::Object(m) = fields {
            long.fields = m;
        }
        say!("baocao bench ({n} iterations, median)");
        for (name, d) in [("reference report", &reference), ("100 × figures", &big), ("100 × every list", &long)] {
            let checks = median_us(n, || {
                std::hint::black_box(kinds::check(k, d));
            });
            let doc = median_us(n, || {
                std::hint::black_box(document::build(k, d));
            });
            let built = document::build(k, d);
            let docx = median_us(n.min(50), || {
                std::hint::black_box(render::docx::render(&built));
            });
            let errors = kinds::check(k, d).iter().filter(|f| f.severity == check::Severity::Error).count();
            say!("  {name:<18} all rules: {checks:>8.1} µs   document: {doc:>8.1} µs   .docx: {:>8.2} ms   ({errors} errors)", docx / 1000.0);
        }
        for (name, d) in [("the reference", &reference), ("100 × every list", &long)] {
            let mut slowest: Vec<(f64, &str)> = kinds::rules(k)
                .iter()
                .map(|r| {
                    (
                        median_us(n.min(20), || {
                            std::hint::black_box(r.eval(k, d));
                        }),
                        r.id.as_str(),
                    )
                })
                .collect();
            slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
            let top: Vec<String> = slowest.iter().take(4).map(|(t, id)| format!("{id} {t:.1} µs")).collect();
            say!("  slowest rules on {name}: {}", top.join(", "));
        }
        let edits = [
            ("100 × every list, a figure", &long, "reception.figures.total.visits", serde_json::json!(7001)),
            (
                "100 × every list, a paragraph",
                &long,
                "governance.paragraphs.0",
                serde_json::json!("Đoạn văn mới của kỳ này."),
            ),
        ];
        for (name, d, path, value) in edits {
            let (check, preview) = keystroke(k, d, path, value, n.min(50));
            say!("  keystroke in the worker, {name}: checks {check:.1} µs   preview pages {preview:.1} µs");
        }
        bench_chain(n);
    }

    /// The worker's work for one keystroke at `path` (`value`): the checks run again after the
    /// change (`kinds::check_since`), and the document built and the preview's pages that
    /// changed drawn (`ui::sheet`). Medians of `runs`, µs.
    fn keystroke(
        k: &'static baocao::kind::Kind,
        d: &Draft,
        path: &str,
        value: serde_json::Value,
        runs: u32,
    ) -> (f64, f64) {
        let mut after = d.clone();
        after.set(path, value);
        let changed: Vec<String> = after.changes(d).unwrap_or_default().into_iter().map(|(p, _)| p).collect();
        let mut memo = check::Memo::default();
        let check = median_us(runs, || {
            kinds::check_since(k, d, None, &mut memo);
            std::hint::black_box(kinds::check_since(k, &after, Some(&changed), &mut memo));
        }) - median_us(runs, || {
            std::hint::black_box(kinds::check_since(k, d, None, &mut memo));
        });
        let mut sheet = baocao::ui::sheet::Sheet::default();
        // Pages of 40 blocks, as the page lays out a long report (about that many paragraphs).
        let layout: Vec<(usize, u32)> = (40..document::build(k, d).body.len()).step_by(40).map(|b| (b, 0)).collect();
        let preview = median_us(runs, || {
            sheet.update(k, document::build(k, d), &layout, 1);
            std::hint::black_box(sheet.update(k, document::build(k, &after), &layout, 1));
        }) - median_us(runs, || {
            std::hint::black_box(sheet.update(k, document::build(k, d), &layout, 1));
        });
        (check.max(0.0), preview.max(0.0))
    }

    /// The chain: the next period's report, and a province summing 200 units' reports.
    fn bench_chain(n: u32) {
        let k = kinds::by_id("tiep-cong-dan").expect("the second kind");
        let unit = kinds::sample(k);
        let units: Vec<(String, Draft)> = (0..200)
            .map(|i| {
                let mut d = unit.clone();
                let name = format!("UBND xã {i:03}");
                d.set(baocao::frame::path::ISSUER_NAME, serde_json::json!(name));
                (format!("u{i}.json"), d)
            })
            .collect();
        let base = k.blank();
        let mut base = base;
        for p in
            [baocao::frame::path::PERIOD_TYPE, baocao::frame::path::PERIOD_YEAR, baocao::frame::path::PERIOD_NUMBER]
        {
            if let Some(v) = unit.get(p) {
                base.set(p, v.clone());
            }
        }
        let runs = n.clamp(1, 20);
        let agg = median_us(runs, || {
            std::hint::black_box(baocao::chain::aggregate(k, &base, &units));
        });
        let (sum, _) = baocao::chain::aggregate(k, &base, &units);
        let checks = median_us(runs, || {
            std::hint::black_box(kinds::check(k, &sum));
        });
        let doc = median_us(runs, || {
            std::hint::black_box(document::build(k, &sum));
        });
        let next = median_us(n, || {
            std::hint::black_box(baocao::chain::next(k, &unit));
        });
        let mut slowest: Vec<(f64, &str)> = kinds::rules(k)
            .iter()
            .map(|r| {
                (
                    median_us(runs, || {
                        std::hint::black_box(r.eval(k, &sum));
                    }),
                    r.id.as_str(),
                )
            })
            .collect();
        slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
        let top: Vec<String> = slowest.iter().take(4).map(|(t, id)| format!("{id} {:.1} ms", t / 1000.0)).collect();
        say!(
            "  200 units (tiếp công dân): aggregate {:.1} ms   all rules on the summary {:.1} ms   document {:.1} ms   next period {next:.1} µs",
            agg / 1000.0,
            checks / 1000.0,
            doc / 1000.0
        );
        say!("  slowest rules on the summary: {}", top.join(", "));
        let (check, preview) = keystroke(k, &sum, "reception.figures.units.0.c4", serde_json::json!(7001), runs);
        say!("  keystroke in the worker, a unit's cell of the summary: checks {check:.1} µs   preview pages {preview:.1} µs");
        // The summary's figure tables as an .xlsx (200 unit rows in each).
        let xlsx = median_us(n.min(20), || {
            std::hint::black_box(render::xlsx::render(k, &sum).ok());
        });
        say!("  200 units (tiếp công dân): .xlsx of the summary {:.1} ms", xlsx / 1000.0);
    }

    /// Read a kind file; its problems, one sentence each.
    fn read_kind_file(path: &std::path::Path) -> Result<&'static baocao::kind::Kind, Vec<String>> {
        let shown = path.display().to_string();
        let bytes = read_input(&shown).map_err(|e| vec![e])?;
        let Ok(text) = String::from_utf8(bytes) else {
            return Err(vec![format!("{shown}: tệp không phải văn bản UTF-8.")]);
        };
        kinds::add_text(&text).map_err(|ps| ps.iter().map(|p| format!("{shown}: {}", p.sentence())).collect())
    }

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        if let Command::Kind { command: KindCommand::Check { file } } = &cli.command {
            return match read_kind_file(file) {
                Ok(k) => {
                    say!(
                        "{}: mẫu “{}” ({}) đọc được: {} bước, {} quy tắc.",
                        file.display(),
                        k.name,
                        k.id,
                        k.steps.len(),
                        kinds::rules(k).len()
                    );
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    for p in &problems {
                        say!("{p}");
                    }
                    ExitCode::from(1)
                }
            };
        }
        for f in &cli.kind_file {
            if let Err(problems) = read_kind_file(f) {
                for p in &problems {
                    eprintln!("baocao: {p}");
                }
                return ExitCode::from(2);
            }
        }
        match cli.command {
            Command::Kind { command: KindCommand::Export { id } } => match kinds::bundled_text(&id) {
                Some(text) => {
                    say!("{}", text.trim_end());
                    ExitCode::SUCCESS
                }
                None => unusable(format!("không có mẫu báo cáo có sẵn “{id}”")),
            },
            // Answered above, before the kind files are read.
            Command::Kind { command: KindCommand::Check { .. } } => ExitCode::SUCCESS,
            Command::Kinds => {
                for k in kinds::all() {
                    say!("{}\t{}", k.id, k.name);
                }
                ExitCode::SUCCESS
            }
            Command::Schema { kind: id } => {
                let Some(k) = kinds::by_id(&id) else {
                    return unusable(format!("không có loại báo cáo “{id}”"));
                };
                say!("{}", serde_json::to_string_pretty(&baocao::schema::json_schema(k)).expect("a schema serialises"));
                ExitCode::SUCCESS
            }
            Command::Rules { kind: id } => {
                let Some(k) = kinds::by_id(&id) else {
                    return unusable(format!("không có loại báo cáo “{id}”"));
                };
                say!("| quy tắc | mức | kiểm tra |\n|---|---|---|");
                for r in kinds::rules(k) {
                    say!("| `{}` | {} | {} |", r.id, r.severity.label(), r.description);
                }
                ExitCode::SUCCESS
            }
            Command::Bench { iterations } => {
                bench(iterations.max(1));
                ExitCode::SUCCESS
            }
            Command::Draft { file } => match load(&file) {
                Ok(d) => {
                    say!("{}", serde_json::to_string_pretty(&d).expect("a draft serialises"));
                    ExitCode::SUCCESS
                }
                Err(e) => unusable(e),
            },
            Command::Sample { kind: id } => {
                let Some(k) = kinds::by_id(&id) else {
                    return unusable(format!("không có loại báo cáo “{id}”"));
                };
                let json = serde_json::to_string_pretty(&kinds::sample(k)).expect("a draft serialises");
                say!("{json}");
                ExitCode::SUCCESS
            }
            Command::Render { draft, output, format } => {
                let d = match load(&draft) {
                    Ok(d) => d,
                    Err(e) => return unusable(e),
                };
                let k = kinds::by_id(&d.kind).expect("draft_io checked the kind");
                let doc = document::build(k, &d);
                let bytes = match format {
                    Format::Docx => render::docx::render_with_draft(&doc, Some(&d)),
                    Format::Text => render::plain::render(&doc).into_bytes(),
                    Format::Xlsx => match render::xlsx::render(k, &d) {
                        Ok(b) => b,
                        Err(e) => return unusable(e),
                    },
                };
                match write_output(&output, &bytes) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => unusable(e),
                }
            }
            Command::Next { draft, output } => {
                let d = match load(&draft) {
                    Ok(d) => d,
                    Err(e) => return unusable(e),
                };
                let Some(k) = kinds::by_id(&d.kind) else { return unusable("draft_io checked the kind") };
                let n = baocao::chain::next(k, &d);
                let json = serde_json::to_string_pretty(&n).expect("a draft serialises") + "\n";
                match write_output(&output, json.as_bytes()) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => unusable(e),
                }
            }
            Command::Compare { draft, previous } => {
                let d = match load_linked(&draft, previous.as_deref()) {
                    Ok(d) => d,
                    Err(e) => return unusable(e),
                };
                let Some(k) = kinds::by_id(&d.kind) else { return unusable("draft_io checked the kind") };
                say!("| số liệu | kỳ trước | kỳ này | thay đổi |\n|---|---|---|---|");
                let shown = |v: Option<u64>| v.map_or("—".to_string(), baocao::text::group_thousands);
                for (path, label, before, now) in baocao::chain::compare(k, &d) {
                    let change = baocao::chain::change(&d, &path, "").unwrap_or_default();
                    say!("| {label} | {} | {} | {change} |", shown(before), shown(now));
                }
                ExitCode::SUCCESS
            }
            Command::Aggregate { units, output, base, expect } => {
                let mut drafts = Vec::new();
                for u in &units {
                    match load(u) {
                        Ok(d) => drafts.push((u.clone(), d)),
                        Err(e) => return unusable(e),
                    }
                }
                let base = match base {
                    Some(b) => match load(&b) {
                        Ok(d) => d,
                        Err(e) => return unusable(e),
                    },
                    None => {
                        let Some(k) = kinds::by_id(&drafts[0].1.kind) else {
                            return unusable("draft_io checked the kind");
                        };
                        let mut d = k.blank();
                        for p in [
                            baocao::frame::path::PERIOD_TYPE,
                            baocao::frame::path::PERIOD_YEAR,
                            baocao::frame::path::PERIOD_NUMBER,
                        ] {
                            if let Some(v) = drafts[0].1.get(p) {
                                d.set(p, v.clone());
                            }
                        }
                        d
                    }
                };
                let Some(k) = kinds::by_id(&base.kind) else { return unusable("draft_io checked the kind") };
                let (sum, notices, errors) = kinds::aggregate(k, &base, &drafts);
                for n in &notices {
                    eprintln!("baocao: {}", n.message);
                }
                // Findings per unit, named.
                for (name, message) in &errors {
                    eprintln!("{} {name}: {message}", check::Severity::Error.code());
                }
                let unit_errors = errors.len();
                if let Some(e) = expect {
                    match std::fs::read_to_string(&e) {
                        Ok(list) => {
                            for m in baocao::chain::missing_units(&list, &sum) {
                                eprintln!("baocao: {m} chưa có báo cáo.");
                            }
                        }
                        Err(err) => return unusable(format!("không đọc được {e}: {}", io_reason(&err))),
                    }
                }
                let json = serde_json::to_string_pretty(&sum).expect("a draft serialises") + "\n";
                if let Err(e) = write_output(&output, json.as_bytes()) {
                    return unusable(e);
                }
                if unit_errors > 0 {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Command::Check { draft, json, previous } => {
                let d = match load_linked(&draft, previous.as_deref()) {
                    Ok(d) => d,
                    Err(e) => return unusable(e),
                };
                let k = kinds::by_id(&d.kind).expect("draft_io checked the kind");
                let findings = kinds::check(k, &d);
                if json {
                    say!("{}", serde_json::to_string_pretty(&findings).expect("findings serialise"));
                } else {
                    for f in &findings {
                        say!("{} {} {}: {}", f.severity.code(), f.rule, f.fields.join(","), f.message);
                    }
                }
                if findings.iter().any(|f| f.severity == check::Severity::Error) {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
