/**
 * The segment builder's form (admin pages /admin/segments/new and /admin/segments/:id). Without
 * JavaScript every button is a submit: "Add rule", "Remove", "Count" re-render the form with its
 * state; with JavaScript a fetcher posts `intent=count` on change for the live count. The same module
 * functions as the Admin API, saves audited like it.
 */
import { data, redirect } from "@remix-run/node";
import { isUserError } from "~/lib/errors";
import { definitionInput, draftFromForm, SEGMENT_FIELDS, SegmentDefinitionSchema, type BuilderActionData, type SegmentDefinition, type SegmentDraft } from "~/modules/marketing/segment-definition";
import { createSegment, deleteSegment, previewSegment, updateSegment } from "~/modules/marketing/segments.server";
import { requireAdminAction } from "~/modules/staff/access.server";
import { auditedWrite } from "~/modules/staff/audit.server";

const MAX_RULES = 30;

function parse(draft: SegmentDraft): { definition?: SegmentDefinition; error?: { message: string; field?: string } } {
  const parsed = SegmentDefinitionSchema.safeParse(definitionInput(draft));
  if (parsed.success) return { definition: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { error: { message: issue.message, field: issue.path.map(String).join(".") || undefined } };
}

export async function segmentBuilderAction(request: Request, segmentId: string | null) {
  const { actor, form } = await requireAdminAction(request, "write:segments");
  const fields = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  const intent = fields.intent ?? "";
  const draft = draftFromForm(fields);
  const answer = (body: BuilderActionData, status = 200) => data<BuilderActionData>({ draft, version: Date.now(), ...body }, { status });

  if (intent === "delete" && segmentId) {
    await auditedWrite(actor, "delete:segments", (tx) => deleteSegment(tx, segmentId));
    return redirect("/admin/segments?deleted=1");
  }
  if (intent === "add") {
    // The new row starts with the chosen field, so its operator and value controls fit it without JavaScript.
    const spec = SEGMENT_FIELDS.find((f) => f.field === fields.addField) ?? SEGMENT_FIELDS[0]!;
    if (draft.rules.length < MAX_RULES) draft.rules.push({ field: spec.field, op: spec.ops[0]!, value: "", valueTo: "" });
    return answer({});
  }
  const remove = /^remove:(\d+)$/.exec(intent);
  if (remove) {
    draft.rules.splice(Number(remove[1]), 1);
    return answer({});
  }
  if (intent !== "count" && intent !== "save") return answer({ error: { message: "Choose Add rule, Count or Save segment." } }, 400);

  // Counting needs no name yet: the builder counts while the name is still empty.
  const parsed = parse(intent === "count" ? { ...draft, name: draft.name.trim() || "draft" } : draft);
  if (parsed.error) return answer({ error: parsed.error }, 400);
  const definition = parsed.definition!;
  try {
    if (intent === "count") {
      const r = await previewSegment(definition);
      return answer({ preview: { count: r.count, contacts: r.contacts } });
    }
    const saved = await auditedWrite(actor, segmentId ? "update:segments" : "create:segments", (tx) =>
      segmentId ? updateSegment(tx, segmentId, definition) : createSegment(tx, definition, actor.email),
    );
    return redirect(`/admin/segments/${saved.id}?saved=1`);
  } catch (e) {
    if (!isUserError(e)) throw e;
    return answer({ error: { message: e.message, field: e.field } }, e.status);
  }
}
