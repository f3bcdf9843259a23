/** Refusals in Arabic, by their English template: see refusals-ar.ts. */
export const PASSAGE_AR: Readonly<Record<string, string>> = {
  // domain/safe-passage/hazards.ts: why an area is not a simple polygon
  'it has {corners} corners; a hazard area has at most {max} (split it into several hazards)':
    'فيها {corners, plural, few {# زوايا} many {# زاوية} other {# زاوية}}، ولا تتجاوز منطقة الخطر {max} زاوية (قسّمها على عدة مناطق خطر)',
  'outer ring: {problem}': 'الحلقة الخارجية: {problem}',
  'hole {hole}: {problem}': 'الثقب {hole}: {problem}',
  'polygon {polygon}, outer ring: {problem}': 'المضلع {polygon}، الحلقة الخارجية: {problem}',
  'polygon {polygon}, hole {hole}: {problem}': 'المضلع {polygon}، الثقب {hole}: {problem}',
  'a ring needs at least three distinct corners': 'تحتاج الحلقة إلى ثلاث زوايا مختلفة على الأقل',
  'a polygon ring must be closed': 'يجب أن تكون حلقة المضلع مغلقة',
  'the ring intersects itself (edges {first} and {second} cross)':
    'الحلقة تتقاطع مع نفسها (يتقاطع الضلعان {first} و{second})',

  // domain/safe-passage/rules.ts
  'corridor {corridor} cannot go from {from|status} to {to|status}':
    'لا يمكن أن ينتقل الممر {corridor} من الحالة «{from|status}» إلى الحالة «{to|status}»',
  "the hazard's area is not a valid polygon: {problem}": 'منطقة الخطر (area) ليست مضلعًا صالحًا: {problem}',
  'hazard {hazard} cannot go from {from|status} to {to|status}: {from|status} is final':
    'لا يمكن أن تنتقل منطقة الخطر {hazard} من الحالة «{from|status}» إلى الحالة «{to|status}»: الحالة «{from|status}» نهائية',
  'hazard {hazard} cannot go from {from|status} to {to|status}: a {from|status} hazard may become {allowed|status}':
    'لا يمكن أن تنتقل منطقة الخطر {hazard} من الحالة «{from|status}» إلى الحالة «{to|status}»: منطقة الخطر في الحالة «{from|status}» تنتقل إلى: {allowed|status}',
  'hazard {hazard} cannot be cleared: no clearance task has been recorded for it':
    'لا يمكن اعتبار منطقة الخطر {hazard} مطهّرة: لم تُسجَّل لها أي مهمة تطهير',
  'hazard {hazard} cannot be cleared: clearance task {task} ({team}) is not completed with a QA sign-off':
    'لا يمكن اعتبار منطقة الخطر {hazard} مطهّرة: مهمة التطهير {task} ({team}) لم تكتمل بتوقيع ضمان الجودة',
  'hazard {hazard} is {status|status}: there is nothing left to clear':
    'منطقة الخطر {hazard} في الحالة «{status|status}»: لم يبقَ فيها ما يُطهَّر',
  'clearance task {task} is completed: its progress can no longer change':
    'مهمة التطهير {task} مكتملة: لم يعد من الممكن تغيير تقدّمها',
  'progress needs clearedAreaM2, clearedLengthM or a note':
    'يحتاج تسجيل التقدّم إلى المساحة المطهّرة (clearedAreaM2) أو الطول المطهّر (clearedLengthM) أو ملاحظة (note)',
  'clearance task {task} is already completed': 'مهمة التطهير {task} مكتملة من قبل',
  'convoy {convoy} is not on that corridor': 'القافلة {convoy} ليست على هذا الممر',
  'incident {incident} cannot go from {from|incidentStatus} to {to|incidentStatus}: {from|incidentStatus} is final':
    'لا يمكن أن ينتقل الحادث {incident} من الحالة «{from|incidentStatus}» إلى الحالة «{to|incidentStatus}»: الحالة «{from|incidentStatus}» نهائية',
  'incident {incident} cannot go from {from|incidentStatus} to {to|incidentStatus}: a {from|incidentStatus} incident may become {allowed|incidentStatus}':
    'لا يمكن أن ينتقل الحادث {incident} من الحالة «{from|incidentStatus}» إلى الحالة «{to|incidentStatus}»: الحادث في الحالة «{from|incidentStatus}» ينتقل إلى: {allowed|incidentStatus}',
  'the window ends ({end}) before it starts ({start})': 'تنتهي الفترة الزمنية ({end}) قبل أن تبدأ ({start})',
  'a window covers an area or named corridors: give area or corridorIds':
    'تغطي الهدنة منطقةً أو ممرات مسمّاة: أعطِ المنطقة (area) أو الممرات (corridorIds)',
  "the window's area is not a valid polygon: {problem}": 'منطقة الهدنة (area) ليست مضلعًا صالحًا: {problem}',
  'window {window} is already cancelled': 'الهدنة {window} أُلغيت من قبل',
  'a notification is for a corridor or a convoy: give corridorId or convoyId':
    'الإشعار يخص ممرًا أو قافلة: أعطِ الممر (corridorId) أو القافلة (convoyId)',
  'a party is listed twice': 'أحد الأطراف مذكور مرتين (parties)',
  '{organisation} is not a party notified of {notification}':
    'الجهة {organisation} ليست من الأطراف المُخطَرة بالإشعار {notification}',
  '{organisation} has already acknowledged {notification} ({by}, {at})':
    'أقرّت الجهة {organisation} بالإشعار {notification} من قبل ({by}، {at})',

  // domain/records/rules.ts
  'p-code {pcode} is already area {area}': 'الرمز المكاني (p-code) ‏{pcode} مستخدم من قبل للمنطقة {area}',
  "checkpoint {checkpoint} is not on the segment's corridor": 'نقطة التفتيش {checkpoint} ليست على ممر المقطع',
  'operation {operation} has no stage {stage}': 'لا توجد في العملية {operation} مرحلة باسم {stage}',
  'corridor {corridor} was closed at {closedAt}, before its change to {from|status} at {changedAt} made without knowing of the close: the close stands':
    'أُغلق الممر {corridor} في {closedAt}، قبل تغيير حالته إلى «{from|status}» في {changedAt} الذي جرى دون علم بالإغلاق: يبقى الإغلاق نافذًا',
  'say why the corridor is suspended or closed (reason)': 'اذكر سبب تعليق الممر أو إغلاقه (reason)',
  'corridor {corridor} cannot become {to|status}: {unmet}':
    'لا يمكن نقل الممر {corridor} إلى الحالة «{to|status}»: {unmet}',
  'corridor {corridor} already has an {kind|checkpointKind} checkpoint':
    'للممر {corridor} نقطة تفتيش {kind|checkpointKind} من قبل',
  'a vehicle with plate {plate} is already registered': 'توجد من قبل مركبة مسجّلة باللوحة {plate}',
  'plate {plate} is the plate of vehicle {vehicle} ({registered})':
    'اللوحة {plate} هي لوحة المركبة {vehicle} ({registered})',
  'operation {operation} is closed already': 'العملية {operation} مغلقة من قبل',
  'close every corridor first: {corridors}': 'أغلق كل الممرات أولًا: {corridors}',

  // domain/recovery/rules.ts
  'people return to an area from another one': 'يعود الناس إلى منطقة من منطقة أخرى (fromAreaId)',

  // domain/reports/rules.ts and figures.ts
  'a range must not end below its start': 'يجب ألا تكون نهاية النطاق (valueMax) أقل من بدايته',
  'the unit {unit} does not fit {metric}, a count of people: use {allowed}':
    'الوحدة {unit} لا تناسب المؤشر {metric}، وهو عدد أشخاص: استخدم {allowed}',
  'the unit {unit} does not fit {metric}, a count of area: use {allowed}':
    'الوحدة {unit} لا تناسب المؤشر {metric}، وهو قياس مساحة: استخدم {allowed}',
  'the unit {unit} does not fit {metric}, a count of vehicles: use {allowed}':
    'الوحدة {unit} لا تناسب المؤشر {metric}، وهو عدد مركبات: استخدم {allowed}',
  'a computed figure says the query that produced it':
    'يجب أن يذكر الرقم المحسوب الاستعلام الذي أنتجه (query)',

  // app/records/resources.ts
  'invalid {what}: {problems}': 'مدخلات غير صالحة ({what}): {problems}',
  'unknown query parameter(s) {parameters} for {resource}':
    'معاملات استعلام غير معروفة في {resource}: {parameters}',
  'query parameter {parameter} is not a value that can be matched':
    'لا يمكن البحث بقيمة معامل الاستعلام {parameter}',
  'no {resource} {ref} in operation {operation}': 'لا يوجد {ref} ضمن {resource} في العملية {operation}',
  '{field} {ref} is not one of the {resource} of operation {operation}':
    '{field} {ref}: لا يوجد ضمن {resource} في العملية {operation}',
  '{resource} are recorded by the system, not created':
    'سجلات {resource} يسجّلها النظام، ولا تُنشأ عبر الطلبات',

  // app/reports/exports.ts, render-pool.ts and sitrep.ts
  'no export {dataset}; there are {datasets}': 'لا يوجد تصدير باسم {dataset}؛ المتاح: {datasets}',
  'at most {n} documents render at once for each caller: wait for one to finish, then retry':
    'لا يُنشأ لكل مستخدم أكثر من {n, plural, one {وثيقة واحدة} two {وثيقتين} few {# وثائق} many {# وثيقة} other {# وثيقة}} في وقت واحد: انتظر حتى تكتمل إحداها، ثم أعد المحاولة',
  'asOf {asOf} is before operation {operation} began ({began}, or was first recorded): there is nothing to report yet':
    'الوقت المطلوب (asOf) ‏{asOf} يسبق بدء العملية {operation} ({began}، أو أول تسجيل لها): لا يوجد بعد ما يُذكر في التقرير',
  'asOf {asOf} is before operation {operation} began ({began}): there is nothing to report yet':
    'الوقت المطلوب (asOf) ‏{asOf} يسبق بدء العملية {operation} ({began}): لا يوجد بعد ما يُذكر في التقرير',
  'asOf {asOf} is in the future (now is {now}): leave it out for the report now':
    'الوقت المطلوب (asOf) ‏{asOf} في المستقبل (الآن {now}): احذفه لتحصل على التقرير الآن',

  // app/safe-passage/hazards.ts and safe-passage.ts
  'the path names the hazard; leave out `hazard`': 'مسار الطلب يحدد منطقة الخطر؛ احذف `hazard`',
  'invalid body: a JSON object is expected': 'محتوى الطلب غير صالح: يُنتظر كائن JSON',
  'the path names the hazard; leave out hazardId': 'مسار الطلب يحدد منطقة الخطر؛ احذف hazardId',
  'the operation lists no parties to the conflict, authorities or guarantors: name the parties to notify':
    'لا تذكر العملية أي أطراف في النزاع أو سلطات أو جهات ضامنة: سمِّ الأطراف التي يُرسَل إليها الإشعار (parties)',
  'only a coordinator may override the gates of a corridor': 'لا يتجاوز شروط الممر إلا المنسّق',

  // app/documents/notification-document.ts
  '{field} is not a date: {value}': 'الحقل {field} ليس تاريخًا: {value}',
  'Unknown time zone: {timezone}': 'منطقة زمنية غير معروفة: {timezone}',
  '{field} holds a position outside WGS84: {position}': 'في الحقل {field} موقع خارج نطاق WGS84: {position}',
  'The route needs at least 2 positions': 'يحتاج المسار إلى موقعين على الأقل',
  'noticeHours must be 0 or more': 'يجب أن تكون مهلة الإخطار (noticeHours) صفرًا أو أكثر',
  'The window ends before it starts': 'تنتهي الفترة الزمنية قبل أن تبدأ',
};
