//! One document's script reaching another window: the page holds a handle
//! to a frame, a popup, its parent or its opener, and gets, sets or calls a
//! dotted path on it. Same origin-domain gives everything; otherwise only
//! the HTML standard's cross-origin properties of `WindowProxy` and
//! `Location` work, and the rest throws `SecurityError`.
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#cross-origin-objects>

use sop_fetch_model::anchor;
use sop_fetch_model::{Decision, Reason, Trace};
use sop_origin::{Origin, Url, parse_url};

use crate::document::Document;

/// How the other window relates to the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Relation {
    /// The page embeds it in an iframe.
    Iframe,
    /// The page opened it with `window.open`.
    Popup,
    /// The page is an iframe inside it.
    Parent,
    /// It opened the page with `window.open`.
    Opener,
}

impl Relation {
    /// The contract's name.
    pub fn name(self) -> &'static str {
        match self {
            Relation::Iframe => "iframe",
            Relation::Popup => "popup",
            Relation::Parent => "parent",
            Relation::Opener => "opener",
        }
    }
}

/// What the page holds of the other window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Handle {
    /// A live WindowProxy.
    Live,
    /// `window.open` returned null (`noopener`).
    Null,
    /// The browsing context group was switched (COOP): the handle is a
    /// closed window.
    Severed,
}

/// The two documents and how they relate.
#[derive(Clone, Debug)]
pub struct World<'a> {
    /// The page, whose script acts.
    pub page: &'a Document,
    /// The other document.
    pub other: &'a Document,
    /// How it relates to the page.
    pub relation: Relation,
    /// What the page holds.
    pub handle: Handle,
    /// The other document's URL (what `location.href` reads when allowed).
    pub other_url: Option<&'a Url>,
    /// The other document's title, when same-origin script could read it.
    pub other_title: Option<&'a str>,
    /// The names of the other document's child frames, in order (`""` for
    /// one without a name). When the other window is the page's parent,
    /// the page is one of them.
    pub other_frames: &'a [String],
    /// The other window's name.
    pub other_name: &'a str,
    /// The other window was closed (a popup the page closed).
    pub other_closed: bool,
    /// The same-origin policy is off (as with `--disable-web-security`):
    /// every live window answers as if same origin.
    pub policy_off: bool,
}

/// A JavaScript value an allowed operation produced, as far as the
/// contract shows it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum JsValue {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// An object (a WindowProxy, a Location, a function): not shown.
    Object(&'static str),
    /// Allowed, but what it reads is the other document's business.
    Unknown,
}

/// What the page's script does.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Op<'a> {
    /// Read the path.
    Get,
    /// Assign to the path.
    Set,
    /// Call the path with these arguments (strings only matter here).
    Call(&'a [String]),
}

/// Which exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorName {
    /// `SecurityError` (a `DOMException`).
    SecurityError,
    /// `SyntaxError` (a `DOMException`).
    SyntaxError,
    /// `TypeError`.
    TypeError,
}

impl ErrorName {
    /// The exception's name.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorName::SecurityError => "SecurityError",
            ErrorName::SyntaxError => "SyntaxError",
            ErrorName::TypeError => "TypeError",
        }
    }
}

/// What one operation did.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Outcome {
    /// Completed without an exception.
    pub allowed: bool,
    /// The exception, when not.
    pub error: Option<ErrorName>,
    /// Why it was refused, dropped or did nothing.
    pub reason: Option<Reason>,
    /// What refused, for the message: the property and the kind of object.
    pub refused: Option<Refused>,
    /// What a get read.
    pub value: Option<JsValue>,
    /// For postMessage: whether the other document received it.
    pub delivered: Option<bool>,
    /// For postMessage: the `event.origin` the receiver saw.
    pub event_origin: Option<String>,
}

/// The details a message needs.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refused {
    /// A cross-origin property of a window or location.
    CrossOrigin {
        /// `Window` or `Location`.
        interface: &'static str,
        /// The property.
        property: String,
        /// What the script did: read, set or call.
        op: &'static str,
        /// The accessing page's origin, serialised.
        accessor: String,
        /// The window's browsing context group was switched (COOP).
        severed: bool,
    },
    /// A property of null or undefined.
    OfNothing {
        /// `null` or `undefined`.
        what: &'static str,
        /// The property.
        property: String,
        /// Reading or setting.
        op: &'static str,
    },
    /// postMessage's target origin does not parse.
    BadTargetOrigin(String),
    /// postMessage's target origin is not the receiver's.
    TargetMismatch {
        /// The target origin given.
        target: String,
        /// The receiver's origin.
        receiver: String,
    },
}

impl Outcome {
    fn allowed(value: Option<JsValue>) -> Outcome {
        Outcome {
            allowed: true,
            error: None,
            reason: None,
            refused: None,
            value,
            delivered: None,
            event_origin: None,
        }
    }

    fn thrown(error: ErrorName, reason: Option<Reason>, refused: Refused) -> Outcome {
        Outcome {
            allowed: false,
            error: Some(error),
            reason,
            refused: Some(refused),
            value: None,
            delivered: None,
            event_origin: None,
        }
    }
}

/// The WindowProxy properties that work across origins, as a get; the
/// methods are also callable. <https://html.spec.whatwg.org/multipage/nav-history-apis.html#crossoriginproperties-(-o-)>
const WINDOW_CROSS_ORIGIN: &[&str] = &[
    "window",
    "self",
    "location",
    "close",
    "closed",
    "focus",
    "blur",
    "frames",
    "length",
    "top",
    "opener",
    "parent",
    "postMessage",
];
const WINDOW_METHODS: &[&str] = &["close", "focus", "blur", "postMessage"];

/// Which window a reference reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Win {
    Page,
    Other,
    /// The other document's first child frame (of its own origin here).
    OtherChild,
}

/// Where the walk stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    Window(Win),
    Location(Win),
    /// Something reached through a same-origin object: its details are
    /// the other document's, and everything on it is allowed.
    Inside,
    Nothing(&'static str),
}

impl World<'_> {
    fn doc(&self, w: Win) -> &Document {
        match w {
            Win::Page => self.page,
            Win::Other | Win::OtherChild => self.other,
        }
    }

    /// Whether the page's script may touch `w` freely: same origin-domain.
    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#isplatformobjectsameorigin-(-o-)>
    fn same(&self, w: Win) -> bool {
        // A handle whose browsing context group was switched reaches no
        // document at all: only the cross-origin properties answer.
        if w == Win::Other && self.handle == Handle::Severed {
            return false;
        }
        if self.policy_off {
            return true;
        }
        self.page.origin.same_origin_domain(&self.doc(w).origin)
    }

    /// The window a window-valued property leads to.
    fn follow(&self, from: Win, property: &str) -> Option<At> {
        let top_level = |w: Win| At::Window(w);
        Some(match (from, property) {
            (w, "window" | "self" | "frames") => At::Window(w),
            (w, "location") => At::Location(w),
            (Win::Other, "parent" | "top") => match self.relation {
                Relation::Iframe => At::Window(Win::Page),
                _ => top_level(Win::Other),
            },
            (Win::Page, "parent" | "top") => match self.relation {
                Relation::Parent => At::Window(Win::Other),
                _ => At::Window(Win::Page),
            },
            (Win::OtherChild, "parent") => At::Window(Win::Other),
            (Win::OtherChild, "top") => self.follow(Win::Other, "top")?,
            (Win::Other, "opener") => match self.relation {
                Relation::Popup => At::Window(Win::Page),
                _ => At::Nothing("null"),
            },
            (Win::Page, "opener") => match self.relation {
                Relation::Opener => At::Window(Win::Other),
                _ => At::Nothing("null"),
            },
            (Win::OtherChild, "opener") => At::Nothing("null"),
            // The page is its parent's child frame.
            (Win::Other, p)
                if self.relation == Relation::Parent && self.child_index(p) == Some(0) =>
            {
                At::Window(Win::Page)
            }
            (Win::Other, p) if self.child_index(p).is_some() => At::Window(Win::OtherChild),
            (_, p) if p.parse::<usize>().is_ok() => At::Nothing("undefined"),
            _ => return None,
        })
    }

    /// Which child frame of the other window `property` names: an index
    /// below its length, or a child frame's name.
    fn child_index(&self, property: &str) -> Option<usize> {
        match property.parse::<usize>() {
            Ok(i) => (i < self.other_frames.len()).then_some(i),
            Err(_) => self
                .other_frames
                .iter()
                .position(|n| !n.is_empty() && n == property),
        }
    }

    /// What the other document's own properties read, for a same-origin
    /// page.
    fn read_document(&self, path: &str) -> Option<JsValue> {
        Some(match path {
            "document.title" => JsValue::String(self.other_title.unwrap_or_default().to_owned()),
            "name" => JsValue::String(self.other_name.to_owned()),
            "document.cookie" => JsValue::String(String::new()),
            "location.hash" => JsValue::String(
                self.other_url
                    .and_then(|u| u.fragment())
                    .filter(|f| !f.is_empty())
                    .map(|f| format!("#{f}"))
                    .unwrap_or_default(),
            ),
            "location.host" => JsValue::String(
                self.other_url
                    .and_then(|u| {
                        u.host_str().map(|h| match u.port() {
                            Some(p) => format!("{h}:{p}"),
                            None => h.to_owned(),
                        })
                    })
                    .unwrap_or_default(),
            ),
            "document.domain" => JsValue::String(
                self.other
                    .origin
                    .as_tuple()
                    .map(|t| t.effective_domain().to_string())
                    .unwrap_or_default(),
            ),
            "location.href" | "document.URL" => {
                JsValue::String(self.other_url.map(ToString::to_string)?)
            }
            "origin" | "location.origin" => {
                JsValue::String(self.other.origin.ascii_serialization())
            }
            _ => return None,
        })
    }

    /// A primitive a same-origin read gives, where the model knows it.
    fn read(&self, w: Win, property: &str) -> JsValue {
        // A severed handle is a closed window with no frames.
        if w == Win::Other && self.handle == Handle::Severed && property == "length" {
            return JsValue::Number(0.0);
        }
        match property {
            "closed" => JsValue::Bool(w == Win::Other && self.other_closed),
            "length" => JsValue::Number(if w == Win::Other {
                self.other_frames.len() as f64
            } else {
                0.0
            }),
            "name" if w == Win::Other => JsValue::String(self.other_name.to_owned()),
            "name" => JsValue::String(String::new()),
            "origin" => JsValue::String(self.doc(w).origin.ascii_serialization()),
            "close" | "focus" | "blur" | "postMessage" | "document" | "history"
            | "localStorage" | "sessionStorage" | "navigator" | "alert" | "getComputedStyle" => {
                JsValue::Object("an object")
            }
            _ => JsValue::Unknown,
        }
    }
}

/// Performs `op` on `path` (dotted, from the other window's handle) in
/// the page's realm.
pub fn access(world: &World<'_>, path: &str, op: &Op<'_>, trace: &mut Trace) -> Outcome {
    let mut outcome = walk(world, path, op, trace);
    // A postMessage that threw delivered nothing.
    if !outcome.allowed && path.ends_with("postMessage") && matches!(op, Op::Call(_)) {
        outcome.delivered = Some(false);
    }
    outcome
}

fn walk(world: &World<'_>, path: &str, op: &Op<'_>, trace: &mut Trace) -> Outcome {
    let accessor = world.page.origin.ascii_serialization();
    let segments: Vec<&str> = path.split('.').collect();
    let op_word = match op {
        Op::Get => "get",
        Op::Set => "set",
        Op::Call(_) => "call",
    };
    // What a same-origin document's script reads, where the model knows it.
    if world.handle != Handle::Null
        && world.same(Win::Other)
        && let Some(value) = world.read_document(path)
        && matches!(op, Op::Get)
    {
        trace.push(anchor::SAME_ORIGIN_DOMAIN, "access", Decision::Pass, || {
            format!("{path}: the page and the window are same origin-domain: allowed")
        });
        return Outcome::allowed(Some(value));
    }
    let mut at = match world.handle {
        Handle::Null => At::Nothing("null"),
        Handle::Live | Handle::Severed => At::Window(Win::Other),
    };
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        // What this step does: the last segment is the operation; earlier
        // ones are reads.
        let step_op = if last { op_word } else { "get" };
        match at {
            At::Nothing(what) => {
                trace.push(
                    anchor::CROSS_ORIGIN_OBJECTS,
                    "access",
                    Decision::Fail,
                    || format!("{what} has no property {seg:?}: TypeError"),
                );
                return Outcome::thrown(
                    ErrorName::TypeError,
                    (world.handle == Handle::Null).then_some(Reason::OpenerSevered),
                    Refused::OfNothing {
                        what,
                        property: (*seg).to_owned(),
                        op: if step_op == "set" { "set" } else { "read" },
                    },
                );
            }
            At::Inside => {
                if last {
                    return finish(world, None, seg, op, trace);
                }
                continue;
            }
            At::Window(w) => {
                let same = world.same(w);
                if !same && !cross_origin_window_allows(seg, step_op, world, w) {
                    return refuse(trace, "Window", seg, step_op, &accessor, world, w);
                }
                if world.handle == Handle::Severed && w == Win::Other && *seg == "closed" {
                    trace.push(
                        anchor::CROSS_ORIGIN_OPENER_POLICIES,
                        "closed",
                        Decision::Note,
                        "the browsing context group was switched: the handle reads as closed",
                    );
                    let mut closed = Outcome::allowed(Some(JsValue::Bool(true)));
                    closed.reason = Some(Reason::OpenerSevered);
                    return closed;
                }
                if last {
                    return finish(world, Some(w), seg, op, trace);
                }
                at = match world.follow(w, seg) {
                    Some(next) => next,
                    None if same => At::Inside,
                    None => return refuse(trace, "Window", seg, step_op, &accessor, world, w),
                };
            }
            At::Location(w) => {
                let same = world.same(w);
                // Location's cross-origin properties: set href, call replace.
                let allowed = same
                    || matches!(
                        (*seg, step_op),
                        ("href", "set") | ("replace", "call") | ("replace", "get")
                    );
                if !allowed {
                    return refuse(trace, "Location", seg, step_op, &accessor, world, w);
                }
                if last {
                    trace.push(anchor::LOCATION_INTERFACE, "Location", Decision::Pass, || {
                        if same {
                            format!("location.{seg}: the same origin-domain, allowed")
                        } else {
                            format!("location.{seg} ({step_op}) is one of Location's cross-origin properties")
                        }
                    });
                    let value = match (*seg, op, same) {
                        ("href", Op::Get, true) => world
                            .other_url
                            .filter(|_| w == Win::Other)
                            .map(|u| JsValue::String(u.to_string())),
                        ("origin", Op::Get, true) => {
                            Some(JsValue::String(world.doc(w).origin.ascii_serialization()))
                        }
                        (_, Op::Get, _) => Some(JsValue::Unknown),
                        _ => None,
                    };
                    return Outcome::allowed(value);
                }
                at = At::Inside;
            }
        }
    }
    Outcome::allowed(None)
}

/// Whether a cross-origin WindowProxy allows `op` on `property`.
fn cross_origin_window_allows(property: &str, op: &str, world: &World<'_>, w: Win) -> bool {
    match op {
        "get" => {
            WINDOW_CROSS_ORIGIN.contains(&property)
                || property == "then"
                || (w == Win::Other && world.child_index(property).is_some())
        }
        // Only `location` can be assigned across origins.
        "set" => property == "location",
        _ => WINDOW_METHODS.contains(&property),
    }
}

fn refuse(
    trace: &mut Trace,
    interface: &'static str,
    property: &str,
    op: &'static str,
    accessor: &str,
    world: &World<'_>,
    w: Win,
) -> Outcome {
    let target = world.doc(w).origin.clone();
    trace.push(anchor::CROSS_ORIGIN_PROPERTIES, "cross-origin access", Decision::Fail, || {
        format!(
            "{interface}.{property} ({op}) is not a cross-origin property, and the page at {accessor} is not same origin-domain with the window at {target}: SecurityError"
        )
    });
    let severed = w == Win::Other && world.handle == Handle::Severed;
    Outcome::thrown(
        ErrorName::SecurityError,
        // A severed handle refuses because there is no document to reach.
        Some(if severed {
            Reason::OpenerSevered
        } else {
            Reason::CrossOriginAccess
        }),
        Refused::CrossOrigin {
            interface,
            property: property.to_owned(),
            op,
            accessor: accessor.to_owned(),
            severed,
        },
    )
}

/// The last step of an allowed path.
fn finish(
    world: &World<'_>,
    w: Option<Win>,
    property: &str,
    op: &Op<'_>,
    trace: &mut Trace,
) -> Outcome {
    let same = w.is_none_or(|w| world.same(w));
    trace.push(
        anchor::CROSS_ORIGIN_PROPERTIES,
        "access",
        Decision::Pass,
        || {
            if same {
                format!("{property}: the page and the window are same origin-domain: allowed")
            } else {
                format!("{property} is one of WindowProxy's cross-origin properties: allowed")
            }
        },
    );
    match (op, w) {
        (Op::Call(args), Some(w)) if property == "postMessage" => {
            post_message(world, w, args, trace)
        }
        (Op::Get, Some(w)) => {
            let value = match world.follow(w, property) {
                Some(At::Nothing(what)) => Some(if what == "null" {
                    JsValue::Null
                } else {
                    JsValue::Undefined
                }),
                Some(_) => Some(JsValue::Object("a window")),
                None => Some(world.read(w, property)),
            };
            Outcome::allowed(value)
        }
        (Op::Get, None) => Outcome::allowed(Some(JsValue::Unknown)),
        _ => Outcome::allowed(None),
    }
}

/// postMessage(message, targetOrigin) from the page to `w`.
/// <https://html.spec.whatwg.org/multipage/web-messaging.html#dom-window-postmessage>
fn post_message(world: &World<'_>, w: Win, args: &[String], trace: &mut Trace) -> Outcome {
    let target = args.get(1).map(String::as_str).unwrap_or("/");
    let receiver = &world.doc(w).origin;
    let sender = &world.page.origin;
    // Window post message steps 2-4: "*" is anyone, "/" the sender's own
    // origin, else a URL whose origin it is; a URL that does not parse throws.
    let wanted: Option<Origin> = match target {
        "*" => None,
        "/" => Some(sender.clone()),
        t => match parse_url(t) {
            Ok(url) => Some(Origin::of_url(&url)),
            Err(_) => {
                trace.push(anchor::POST_MESSAGE, "postMessage", Decision::Fail, || {
                    format!("the target origin {t:?} is not a URL: SyntaxError")
                });
                return Outcome::thrown(
                    ErrorName::SyntaxError,
                    None,
                    Refused::BadTargetOrigin(t.to_owned()),
                );
            }
        },
    };
    let severed = world.handle == Handle::Severed && w == Win::Other;
    let matches = wanted.as_ref().is_none_or(|o| o.same_origin(receiver));
    // A document sandboxed without allow-scripts runs no listener.
    let scripts = world.doc(w).scripts;
    let delivered = matches && !severed && scripts;
    let mut outcome = Outcome::allowed(None);
    outcome.delivered = Some(delivered);
    if delivered {
        outcome.event_origin = Some(sender.ascii_serialization());
    }
    trace.push(
        anchor::POST_MESSAGE,
        "postMessage",
        if delivered {
            Decision::Pass
        } else {
            Decision::Fail
        },
        || match (&wanted, matches, severed) {
            _ if matches && !severed && !scripts => {
                "the receiving document is sandboxed without allow-scripts: no listener runs"
                    .to_owned()
            }
            (_, _, true) => {
                "the window's browsing context group was switched: nothing receives it".to_owned()
            }
            (None, _, _) => format!(
                "target \"*\": delivered; event.origin is {}",
                sender.ascii_serialization()
            ),
            (Some(o), true, _) => format!(
                "target {o} is the receiver's origin: delivered; event.origin is {}",
                sender.ascii_serialization()
            ),
            (Some(o), false, _) => {
                format!("target {o} is not the receiver's origin {receiver}: dropped")
            }
        },
    );
    if !matches {
        outcome.reason = Some(Reason::TargetOriginMismatch);
        outcome.refused = Some(Refused::TargetMismatch {
            target: wanted.map(|o| o.ascii_serialization()).unwrap_or_default(),
            receiver: receiver.ascii_serialization(),
        });
    } else if severed {
        outcome.reason = Some(Reason::OpenerSevered);
    }
    outcome
}
