// Staff console. Plain browser JavaScript, no build step, no outside
// resources. Every piece of data reaches the page through textContent or
// element properties, never through innerHTML, so nothing a citizen or a
// staff member typed can become markup.
'use strict';

const state = { user: '', role: '', csrf: '' };
const ROLE_RANK = { viewer: 1, editor: 2, admin: 3 };
const can = (role) => (ROLE_RANK[state.role] || 0) >= ROLE_RANK[role];

// ---- small DOM helpers -------------------------------------------------
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else if (k === 'value') node.value = v;
    else if (k === 'checked') node.checked = !!v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
const view = () => document.getElementById('view');
function show(...nodes) {
  const v = view();
  v.replaceChildren(...nodes.flat());
  v.focus({ preventScroll: true });
}
function toast(text) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
}
function errorBox(err) {
  const list = (err && err.errors && err.errors.length) ? err.errors : [String(err && err.message || err)];
  return el('div', { class: 'errors', role: 'alert', 'data-test': 'errors' },
    el('strong', { text: 'Chưa lưu được:' }), el('ul', {}, list.map((m) => el('li', { text: m }))));
}
function table(headers, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, headers.map((h) => el('th', { text: h })))),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c))))));
}
const pct = (x) => (x === null || x === undefined || Number.isNaN(x)) ? '—' : (Math.round(x * 1000) / 10).toLocaleString('vi-VN') + ' %';

// ---- API ----------------------------------------------------------------
class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || ('Lỗi ' + status));
    this.status = status;
    this.errors = (body && body.errors) || [];
  }
}
async function api(method, path, body, contentType) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
  let payload;
  if (body !== undefined) {
    if (typeof body === 'string') { payload = body; headers['Content-Type'] = contentType || 'text/plain'; }
    else { payload = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
  }
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (res.status === 401 && path !== '/admin/api/login') { state.user = ''; renderLogin('Phiên đăng nhập đã hết, vui lòng đăng nhập lại.'); }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}
const q = (params) => new URLSearchParams(params).toString();

// ---- knowledge schemas --------------------------------------------------
const ENTITIES = {
  procedure: { title: 'Thủ tục', key: 'id', label: (o) => o.id + ' · ' + o.name, fields: [
    ['name', 'Tên thủ tục', 'text'], ['field', 'Lĩnh vực', 'text'], ['agency', 'Cơ quan thực hiện', 'text'],
    ['level', 'Cấp thực hiện', 'text', 'trung_uong, tinh, xa, khac — cách nhau bằng dấu phẩy'],
    ['documents', 'Thành phần hồ sơ', 'list'], ['steps', 'Trình tự thực hiện', 'list'],
    ['processing_time', 'Thời hạn giải quyết', 'text'], ['fees', 'Phí, lệ phí', 'text'],
    ['submit_channels', 'Cách nộp', 'list', 'truc_tiep, buu_chinh, truc_tuyen — mỗi dòng một cách'],
    ['online_level', 'Mức dịch vụ công trực tuyến', 'text'], ['legal_basis', 'Căn cứ pháp lý', 'list'],
    ['result', 'Kết quả', 'text'], ['url', 'Đường dẫn', 'text'], ['aliases', 'Cách gọi khác (mỗi dòng một cách)', 'list'],
    ['body', 'Nội dung (bài viết)', 'textarea'], ['source', 'Nguồn', 'textarea'], ['notes', 'Ghi chú', 'textarea'],
    ['checked', 'Ngày kiểm tra', 'date'], ['review_by', 'Hạn rà soát', 'date'], ['curated', 'Đã biên soạn đầy đủ', 'bool']] },
  faq: { title: 'Hỏi đáp', key: 'id', create: true, label: (o) => o.id + ' · ' + o.question, fields: [
    ['question', 'Câu hỏi', 'text'], ['answer', 'Câu trả lời', 'textarea'], ['aliases', 'Cách hỏi khác (mỗi dòng một cách)', 'list'],
    ['source', 'Nguồn', 'textarea'], ['checked', 'Ngày kiểm tra', 'date'], ['review_by', 'Hạn rà soát', 'date']] },
  synonym: { title: 'Từ đồng nghĩa, viết tắt', key: 'term', create: true, label: (o) => o.term + ' → ' + o.expansion, fields: [
    ['term', 'Từ viết tắt / cách gọi', 'text'], ['expansion', 'Từ chuẩn', 'text'],
    ['kind', 'Loại', 'select', ['abbreviation', 'teencode', 'everyday', 'english']]] },
  office: { title: 'Cơ quan, bộ phận Một cửa', key: 'name', create: true, label: (o) => o.name, fields: [
    ['name', 'Tên cơ quan', 'text'], ['level', 'Cấp', 'select', ['tinh', 'xa']], ['kind', 'Loại', 'select', ['mot_cua', 'lien_he']],
    ['commune', 'Xã, phường phục vụ', 'text'], ['address', 'Địa chỉ', 'text'], ['phone', 'Điện thoại', 'text'],
    ['hours', 'Giờ làm việc', 'text'], ['website', 'Trang web', 'text'], ['email', 'Thư điện tử', 'text'],
    ['latitude', 'Vĩ độ', 'text'], ['longitude', 'Kinh độ', 'text'], ['source', 'Nguồn', 'textarea'],
    ['notes', 'Ghi chú', 'textarea'], ['checked', 'Ngày kiểm tra', 'date']] },
  commune: { title: 'Xã, phường', key: 'name', create: true, label: (o) => o.name + ' (' + o.type + ')', fields: [
    ['name', 'Tên xã, phường', 'text'], ['type', 'Loại', 'select', ['xa', 'phuong']], ['clause', 'Khoản (Nghị quyết)', 'text'],
    ['merged_from', 'Sáp nhập từ', 'textarea'], ['province', 'Tỉnh', 'text'], ['effective', 'Ngày hiệu lực', 'date'],
    ['source', 'Nguồn', 'textarea']] },
};

function fieldInput(entity, [key, label, type, extra], value) {
  const id = 'f-' + key;
  let input;
  if (type === 'list') input = el('textarea', { id, name: key, value: (value || []).join('\n') });
  else if (type === 'textarea') input = el('textarea', { id, name: key, value: value ?? '' });
  else if (type === 'bool') input = el('input', { id, name: key, type: 'checkbox', checked: !!value });
  else if (type === 'select') input = el('select', { id, name: key }, extra.map((o) => el('option', { value: o, text: o })));
  else input = el('input', { id, name: key, type: type === 'date' ? 'date' : 'text', value: value ?? '' });
  if (type === 'select') input.value = value || extra[0];
  if (type === 'bool') input.style.width = 'auto';
  return el('div', {}, el('label', { for: id, text: label }, (typeof extra === 'string') ? el('span', { class: 'hint', text: ' — ' + extra }) : null), input);
}
function readForm(form, entity) {
  const out = {};
  for (const [key, , type] of ENTITIES[entity].fields) {
    const input = form.elements[key];
    if (type === 'list') out[key] = input.value.split('\n').map((s) => s.trim()).filter(Boolean);
    else if (type === 'bool') out[key] = input.checked;
    else if (key === 'clause') out[key] = parseInt(input.value, 10) || 0;
    else out[key] = input.value;
  }
  return out;
}

// ---- views --------------------------------------------------------------
async function renderList(entity, params) {
  const def = ENTITIES[entity];
  const search = el('input', { id: 'list-search', type: 'search', placeholder: 'Tìm theo tên hoặc mã…', value: params.get('q') || '' });
  const results = el('div', { id: 'list-results' });
  const load = async () => {
    results.replaceChildren(el('p', { class: 'muted', text: 'Đang tìm…' }));
    try {
      const data = await api('GET', '/admin/api/knowledge/' + entity + '?' + q({ q: search.value, limit: 100 }));
      if (!data.items.length) return results.replaceChildren(el('p', { class: 'muted', text: 'Không có mục nào.' }));
      results.replaceChildren(table(['Mục', ''], data.items.map((o) => [
        def.label(o),
        el('a', { href: '#/edit/' + entity + '?' + q({ key: o[def.key] }), 'data-key': o[def.key], text: 'Xem, sửa' })])));
    } catch (e) { results.replaceChildren(errorBox(e)); }
  };
  search.addEventListener('keydown', (e) => { if (e.key === 'Enter') load(); });
  show(el('h2', { text: def.title }),
    el('div', { class: 'row' }, search, el('button', { id: 'list-go', type: 'button', onclick: load, text: 'Tìm' }),
      def.create && can('editor') ? el('a', { href: '#/edit/' + entity + '?key=', text: '+ Thêm mới' }) : null),
    results);
  load();
}

async function renderEdit(entity, params) {
  const def = ENTITIES[entity];
  const key = params.get('key') || '';
  let item = { live: null, draft: null, history: [] };
  if (key) {
    try { item = await api('GET', '/admin/api/knowledge/' + entity + '/item?' + q({ key })); } catch (e) { return show(el('h2', { text: def.title }), errorBox(e)); }
  }
  const data = (item.draft && item.draft.data) || item.live || {};
  const form = el('form', { id: 'edit-form', class: 'card', onsubmit: (e) => e.preventDefault() },
    def.fields.map((f) => fieldInput(entity, f, data[f[0]])));
  const messages = el('div', { id: 'edit-messages' });
  const save = async () => {
    messages.replaceChildren();
    try {
      const body = { data: readForm(form, entity), note: noteInput.value };
      const path = '/admin/api/knowledge/' + entity + '/draft' + (key ? '?' + q({ key }) : '');
      const rev = await api('PUT', path, body);
      toast('Đã lưu bản nháp. Vào “Bản nháp và xuất bản” để kiểm tra và xuất bản.');
      const target = '#/edit/' + entity + '?' + q({ key: rev.key });
      if (location.hash === target) renderEdit(entity, new URLSearchParams(q({ key: rev.key })));
      else location.hash = target;
    } catch (e) { messages.replaceChildren(errorBox(e)); }
  };
  const discard = async () => {
    try { await api('DELETE', '/admin/api/knowledge/' + entity + '/draft?' + q({ key })); toast('Đã bỏ bản nháp.'); renderEdit(entity, params); }
    catch (e) { messages.replaceChildren(errorBox(e)); }
  };
  const remove = async () => {
    if (!confirm('Tạo bản nháp xóa mục này?')) return;
    try { await api('PUT', '/admin/api/knowledge/' + entity + '/draft?' + q({ key }), { data: { deleted: true } }); toast('Đã tạo bản nháp xóa.'); renderEdit(entity, params); }
    catch (e) { messages.replaceChildren(errorBox(e)); }
  };
  const noteInput = el('input', { id: 'edit-note', type: 'text', placeholder: 'Ghi chú thay đổi (không bắt buộc)' });
  const editable = can('editor');
  if (!editable) for (const i of form.elements) i.disabled = true;
  const history = el('div', {}, el('h3', { text: 'Lịch sử phiên bản' }),
    item.history.length ? table(['Số', 'Trạng thái', 'Người sửa', 'Lúc', 'Xuất bản', ''], item.history.map((r) => [
      String(r.rid), el('span', { class: 'badge ' + r.state, text: STATE_LABEL[r.state] || r.state }), r.author, r.created,
      r.published_by ? r.published_by + ' ' + r.published_at : '',
      editable && (r.state === 'superseded' || r.state === 'published') ? el('button', { class: 'secondary', type: 'button', 'data-rollback': r.rid, text: 'Quay lại bản này',
        onclick: async () => {
          try { await api('POST', '/admin/api/revisions/' + r.rid + '/rollback'); toast('Đã quay lại phiên bản ' + r.rid + ' và cập nhật chỉ mục.'); renderEdit(entity, params); }
          catch (e) { messages.replaceChildren(errorBox(e)); }
        } }) : ''])) : el('p', { class: 'muted', text: 'Chưa có sửa đổi nào của cán bộ; đang dùng dữ liệu gốc.' }));
  show(el('h2', { text: def.title + (key ? ': ' + key : ': thêm mới') }),
    item.draft ? el('p', {}, el('span', { class: 'badge draft', text: 'Bản nháp' }), ' của ' + item.draft.author + ' lúc ' + item.draft.created + ' — chưa xuất bản, người dân chưa thấy.') : null,
    item.draft && item.draft.data.deleted ? el('p', { class: 'warn', text: 'Bản nháp này sẽ xóa mục khi xuất bản.' }) : null,
    messages, form,
    editable ? el('div', { class: 'row' }, noteInput,
      el('button', { id: 'save-draft', type: 'button', onclick: save, text: 'Lưu bản nháp' }),
      item.draft ? el('button', { id: 'discard-draft', class: 'secondary', type: 'button', onclick: discard, text: 'Bỏ bản nháp' }) : null,
      key && def.create && item.live ? el('button', { class: 'danger', type: 'button', onclick: remove, text: 'Xóa mục' }) : null) : null,
    key ? history : null);
}
const STATE_LABEL = { draft: 'bản nháp', published: 'đang dùng', superseded: 'đã thay', discarded: 'đã bỏ' };

async function renderDrafts() {
  const out = el('div', { id: 'check-result' });
  let data;
  try { data = await api('GET', '/admin/api/drafts'); } catch (e) { return show(errorBox(e)); }
  const runCheck = async () => {
    out.replaceChildren(el('p', { class: 'muted', text: 'Đang chạy bộ câu hỏi kiểm tra trên bản nháp…' }));
    try {
      const r = await api('POST', '/admin/api/drafts/check');
      const name = (id, n) => id ? id + ' · ' + n : '(không trả lời)';
      out.replaceChildren(el('div', { class: 'card', 'data-test': 'check-summary' },
        el('p', {}, 'Đã chạy ' + r.questions + ' câu hỏi với ' + r.drafts + ' bản nháp. ',
          el('strong', { text: r.changes.length + ' câu đổi câu trả lời.' })),
        r.with_expect ? el('p', {}, 'Trả lời đúng: ' + r.correct_before + ' → ' + r.correct_after + ' / ' + r.with_expect) : null),
        r.changes.length ? table(['Câu hỏi', 'Trước', 'Sau'], r.changes.map((c) => [c.question,
          el('span', { class: c.before_ok ? 'ok' : '', text: name(c.before_id, c.before_name) }),
          el('span', { class: c.after_ok ? 'ok' : (c.expect.length ? 'bad' : ''), text: name(c.after_id, c.after_name) })])) : null);
      publishBtn.disabled = false;
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  const publish = async () => {
    try {
      const r = await api('POST', '/admin/api/drafts/publish', {});
      toast('Đã xuất bản ' + r.published.length + ' mục; bot dùng ngay dữ liệu mới.');
      renderDrafts();
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  const publishBtn = el('button', { id: 'publish', type: 'button', onclick: publish, text: 'Xuất bản tất cả', disabled: true });
  show(el('h2', { text: 'Bản nháp và xuất bản' }),
    data.items.length ? table(['Loại', 'Mục', 'Người sửa', 'Lúc', 'Ghi chú'], data.items.map((d) => [ENTITIES[d.entity].title,
      el('a', { href: '#/edit/' + d.entity + '?' + q({ key: d.key }), text: d.key }), d.author, d.created, d.note]))
      : el('p', { class: 'muted', text: 'Không có bản nháp nào.' }),
    can('editor') && data.items.length ? el('div', { class: 'row' },
      el('button', { id: 'run-check', class: 'secondary', type: 'button', onclick: runCheck, text: 'Chạy kiểm tra câu hỏi' }), publishBtn,
      el('span', { class: 'hint', text: 'Xuất bản sau khi xem kết quả kiểm tra.' })) : null,
    out);
}

async function renderReview() {
  try {
    const r = await api('GET', '/admin/api/review-due');
    show(el('h2', { text: 'Cần rà soát lại' }), el('p', { class: 'muted', text: 'Các mục đã quá hạn rà soát tính đến ' + r.today + '.' }),
      r.items.length ? table(['Mục', 'Ngày kiểm tra', 'Hạn rà soát'], r.items.map((i) => [
        el('a', { href: '#/edit/' + i.entity + '?' + q({ key: i.key }), text: i.key + ' · ' + i.name }), i.checked, el('span', { class: 'bad', text: i.review_by })]))
        : el('p', { text: 'Không có mục nào quá hạn.' }));
  } catch (e) { show(errorBox(e)); }
}

function renderAsk(params) {
  const input = el('input', { id: 'ask-q', type: 'search', placeholder: 'Gõ câu hỏi như người dân…', value: params.get('q') || '' });
  const out = el('div', { id: 'ask-result' });
  const go = async () => {
    try {
      const r = await api('GET', '/admin/api/ask?' + q({ q: input.value }));
      out.replaceChildren(
        el('p', {}, el('span', { class: 'badge', id: 'ask-intent', text: r.intent }), ' ', r.procedure_id ? el('span', { id: 'ask-procedure', text: r.procedure_id }) : null),
        el('div', { class: 'answer', id: 'ask-answer' }, r.messages.join('\n—\n')),
        el('h3', { text: 'Kết quả tìm kiếm' }),
        table(['Mã', 'Tên', 'Điểm'], r.hits.map((h) => [h.id, h.name, String(h.score)])));
    } catch (e) { out.replaceChildren(errorBox(e)); }
  };
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
  show(el('h2', { text: 'Thử hỏi bot' }), el('div', { class: 'row' }, input, el('button', { id: 'ask-go', type: 'button', onclick: go, text: 'Hỏi' })), out);
  if (input.value) go();
}

async function renderQuestions() {
  let data;
  try { data = await api('GET', '/admin/api/questions'); } catch (e) { return show(errorBox(e)); }
  const qi = el('input', { id: 'question-text', type: 'text', placeholder: 'Câu hỏi' });
  const ei = el('input', { id: 'question-expect', type: 'text', placeholder: 'Mã thủ tục đúng (không bắt buộc), cách nhau bằng dấu phẩy' });
  const msg = el('div');
  const add = async () => {
    try { await api('POST', '/admin/api/questions', { question: qi.value, expect: ei.value.split(',').map((s) => s.trim()).filter(Boolean) }); toast('Đã thêm câu hỏi.'); renderQuestions(); }
    catch (e) { msg.replaceChildren(errorBox(e)); }
  };
  show(el('h2', { text: 'Bộ câu hỏi kiểm tra' }),
    el('p', { class: 'muted', text: data.items.length + ' câu. Bộ này được chạy trên bản nháp trước khi xuất bản.' }),
    can('editor') ? el('div', { class: 'card' }, qi, ei, el('div', { class: 'row' }, el('button', { type: 'button', onclick: add, text: 'Thêm câu hỏi' })), msg) : null,
    table(['Câu hỏi', 'Đáp án mong đợi', 'Nguồn', ''], data.items.slice(0, 500).map((x) => [x.question, x.expect.join(', '), x.origin + (x.added_by ? ' · ' + x.added_by : ''),
      can('editor') ? el('button', { class: 'link', type: 'button', text: 'Xóa', onclick: async () => { await api('DELETE', '/admin/api/questions/' + x.qid); renderQuestions(); } }) : ''])));
}

function renderTransfer() {
  const entity = el('select', { id: 'transfer-entity' }, Object.entries(ENTITIES).map(([k, d]) => el('option', { value: k, text: d.title })));
  const format = el('select', { id: 'transfer-format' }, el('option', { value: 'csv', text: 'CSV (Excel)' }), el('option', { value: 'jsonl', text: 'JSON Lines' }));
  const file = el('input', { id: 'transfer-file', type: 'file', accept: '.csv,.jsonl,.json,.txt' });
  const msg = el('div');
  const download = async () => {
    try {
      const res = await fetch('/admin/api/export/' + entity.value + '?' + q({ format: format.value }), { credentials: 'same-origin' });
      if (!res.ok) throw new ApiError(res.status, await res.json());
      const url = URL.createObjectURL(await res.blob());
      const a = el('a', { href: url, download: entity.value + '.' + format.value });
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  };
  const upload = async () => {
    if (!file.files.length) return msg.replaceChildren(errorBox('Chưa chọn tệp'));
    try {
      const text = await file.files[0].text();
      const r = await api('POST', '/admin/api/import/' + entity.value + '?' + q({ format: format.value }), text, 'text/plain; charset=utf-8');
      msg.replaceChildren(el('p', { class: 'ok', text: 'Đã tạo ' + r.drafts + ' bản nháp. Vào “Bản nháp và xuất bản” để kiểm tra và xuất bản.' }));
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  };
  show(el('h2', { text: 'Nhập, xuất dữ liệu' }),
    el('div', { class: 'card' }, el('label', { for: 'transfer-entity', text: 'Loại dữ liệu' }), entity, el('label', { for: 'transfer-format', text: 'Định dạng' }), format,
      el('div', { class: 'row' }, el('button', { type: 'button', class: 'secondary', onclick: download, text: 'Tải xuống' })),
      can('editor') ? [el('label', { for: 'transfer-file', text: 'Nhập từ tệp (tạo bản nháp, chưa xuất bản)' }), file,
        el('div', { class: 'row' }, el('button', { type: 'button', onclick: upload, text: 'Nhập' }))] : null, msg));
}

async function renderAudit() {
  try {
    const r = await api('GET', '/admin/api/audit');
    const short = (s) => el('pre', { class: 'json', text: s || '' });
    show(el('h2', { text: 'Nhật ký thay đổi' }),
      table(['Lúc', 'Người', 'Việc', 'Mục', 'Trước', 'Sau'], r.items.map((a) => [a.at, a.actor, a.action, (a.entity + ' ' + a.key).trim(), short(a.before), short(a.after)])));
  } catch (e) { show(errorBox(e)); }
}

async function renderUsers() {
  let r;
  try { r = await api('GET', '/admin/api/users'); } catch (e) { return show(errorBox(e)); }
  const name = el('input', { id: 'user-name', type: 'text', placeholder: 'Tên đăng nhập', autocomplete: 'off' });
  const role = el('select', { id: 'user-role' }, ['viewer', 'editor', 'admin'].map((x) => el('option', { value: x, text: ROLE_LABEL[x] })));
  const pw = el('input', { id: 'user-password', type: 'password', placeholder: 'Mật khẩu (ít nhất 10 ký tự)', autocomplete: 'new-password' });
  const msg = el('div');
  const add = async () => {
    try { await api('POST', '/admin/api/users', { name: name.value, role: role.value, password: pw.value }); toast('Đã tạo tài khoản.'); renderUsers(); }
    catch (e) { msg.replaceChildren(errorBox(e)); }
  };
  const update = (u, body) => async () => {
    try { await api('PUT', '/admin/api/users/' + encodeURIComponent(u.name), body); renderUsers(); } catch (e) { msg.replaceChildren(errorBox(e)); }
  };
  show(el('h2', { text: 'Tài khoản cán bộ' }), msg,
    table(['Tên', 'Vai trò', 'Trạng thái', ''], r.items.map((u) => [u.name, ROLE_LABEL[u.role], u.active ? 'đang dùng' : 'đã khóa',
      el('span', {}, el('button', { class: 'link', type: 'button', text: u.active ? 'Khóa' : 'Mở khóa', onclick: update(u, { active: !u.active }) }), ' ',
        ['viewer', 'editor', 'admin'].filter((x) => x !== u.role).map((x) => [el('button', { class: 'link', type: 'button', text: '→ ' + ROLE_LABEL[x], onclick: update(u, { role: x }) }), ' ']))])),
    el('div', { class: 'card' }, el('h3', { text: 'Thêm tài khoản' }), name, role, pw, el('div', { class: 'row' }, el('button', { type: 'button', onclick: add, text: 'Tạo' }))));
}
const ROLE_LABEL = { viewer: 'Xem', editor: 'Biên tập', admin: 'Quản trị' };

// ---- charts (inline SVG) ------------------------------------------------
const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, ...children) {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
  for (const c of children) n.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return n;
}
// bars: [{label, value, cls}], max: scale top, target: optional line (same unit as value)
function barChart(title, bars, opts = {}) {
  const w = 640, h = 220, left = 40, bottom = 46, top = 24;
  const max = opts.max || Math.max(1, ...bars.map((b) => b.value));
  const bw = bars.length ? (w - left - 10) / bars.length : 0;
  const y = (v) => top + (h - top - bottom) * (1 - v / max);
  const g = svg('svg', { viewBox: `0 0 ${w} ${h}`, class: 'chart', role: 'img', 'aria-label': title });
  g.append(svg('text', { x: left, y: 14 }, title));
  g.append(svg('line', { x1: left, y1: y(0), x2: w - 5, y2: y(0), stroke: '#999' }));
  g.append(svg('text', { x: 2, y: y(max) + 4 }, opts.format ? opts.format(max) : String(max)));
  bars.forEach((b, i) => {
    const x = left + i * bw + bw * 0.15;
    const bar = svg('rect', { x, y: y(b.value), width: Math.max(1, bw * 0.7), height: Math.max(0, y(0) - y(b.value)), class: 'bar ' + (b.cls || '') });
    bar.append(svg('title', {}, b.label + ': ' + (opts.format ? opts.format(b.value) : b.value)));
    g.append(bar);
    if (bars.length <= 16 || i % Math.ceil(bars.length / 16) === 0)
      g.append(svg('text', { x: x, y: h - bottom + 14, transform: `rotate(35 ${x} ${h - bottom + 14})` }, b.label.length > 14 ? b.label.slice(0, 13) + '…' : b.label));
  });
  if (opts.target !== undefined) {
    g.append(svg('line', { x1: left, x2: w - 5, y1: y(opts.target), y2: y(opts.target), class: 'target' }));
    g.append(svg('text', { x: w - 110, y: y(opts.target) - 4 }, 'Mục tiêu ' + (opts.format ? opts.format(opts.target) : opts.target)));
  }
  return g;
}

const RATING_LABEL = ['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Không hài lòng'];
async function renderDashboard(params) {
  // Without dates the server picks the last 30 days of the province's calendar
  // (the browser's clock may sit in another time zone).
  const period = {};
  if (params.get('from')) period.from = params.get('from');
  if (params.get('to')) period.to = params.get('to');
  const fromI = el('input', { id: 'dash-from', type: 'date', value: period.from || '' });
  const toI = el('input', { id: 'dash-to', type: 'date', value: period.to || '' });
  const csv = el('a', { id: 'dash-csv', href: '/admin/api/report?' + q({ ...period, format: 'csv' }), text: 'Tải CSV' });
  const body = el('div', { id: 'dashboard' }, el('p', { class: 'muted', text: 'Đang tính…' }));
  show(el('h2', { text: 'Tổng quan: mức độ hài lòng và tỷ lệ trả lời' }),
    el('div', { class: 'row' }, el('label', { for: 'dash-from', text: 'Từ' }), fromI, el('label', { for: 'dash-to', text: 'đến' }), toI,
      el('button', { type: 'button', text: 'Xem', onclick: () => { location.hash = '#/dashboard?' + q({ from: fromI.value, to: toI.value }); } }),
      csv),
    body);
  let r;
  try { r = await api('GET', '/admin/api/report?' + q(period)); } catch (e) { return body.replaceChildren(errorBox(e)); }
  fromI.value = r.from;
  toI.value = r.to;
  csv.href = '/admin/api/report?' + q({ from: r.from, to: r.to, format: 'csv' });
  const t = r.totals;
  const kpi = (v, l, cls) => el('div', { class: 'kpi' }, el('div', { class: 'v ' + (cls || ''), text: v }), el('div', { class: 'l', text: l }));
  const sat = t.satisfaction;
  const breakdown = (title, rows) => el('div', {}, el('h3', { text: title }), rows.length ? table(['', 'Câu hỏi', 'Tỷ lệ trả lời', 'Lượt đánh giá', 'Hài lòng'], rows.map((x) =>
    [x.name || '(chưa xác định)', String(x.questions), pct(x.answered_rate), String(x.ratings), el('span', { class: x.ratings ? (x.satisfaction >= r.target ? 'ok' : 'bad') : '', text: x.ratings ? pct(x.satisfaction) : '—' })]))
    : el('p', { class: 'muted', text: 'Chưa có dữ liệu.' }));
  body.replaceChildren(
    el('div', { class: 'kpis' },
      kpi(String(t.questions), 'câu hỏi'), kpi(pct(t.answered_rate), 'trả lời được'), kpi(pct(t.fallback_rate), 'không trả lời được (chuyển hướng)'),
      kpi(t.ratings ? pct(sat) : '—', 'hài lòng (mục tiêu ' + pct(r.target) + ', ' + t.ratings + ' lượt)', t.ratings ? (sat >= r.target ? 'ok' : 'bad') : ''),
      kpi(String(t.handoffs), 'chuyển cán bộ'), kpi(String(t.petitions), 'phản ánh, kiến nghị')),
    barChart('Số câu hỏi mỗi ngày', r.days.map((d) => ({ label: d.day.slice(5), value: d.questions }))),
    barChart('Tỷ lệ trả lời được mỗi ngày', r.days.map((d) => ({ label: d.day.slice(5), value: d.questions ? d.answered / d.questions : 0 })), { max: 1, format: pct }),
    barChart('Phân bố đánh giá (hài lòng = hai mức đầu)', r.rating_distribution.map((c, i) => ({ label: RATING_LABEL[i] || String(i + 1), value: c, cls: i + 1 <= r.satisfied_max_score ? 'good' : 'low' }))),
    barChart('Mức độ hài lòng theo lĩnh vực so với mục tiêu', r.by_field.filter((x) => x.ratings).map((x) => ({ label: x.name || '?', value: x.satisfaction, cls: x.satisfaction >= r.target ? 'good' : 'low' })), { max: 1, target: r.target, format: pct }),
    breakdown('Theo lĩnh vực', r.by_field), breakdown('Theo thủ tục', r.by_procedure), breakdown('Theo cơ quan', r.by_agency), breakdown('Theo xã, phường', r.by_commune),
    el('h3', { text: 'Câu hỏi chưa trả lời được nhiều nhất' }),
    r.top_unanswered.length ? table(['Câu hỏi (dạng chuẩn hóa)', 'Số lần', 'Ví dụ'], r.top_unanswered.map((g) => [g.group, String(g.count), g.example])) : el('p', { class: 'muted', text: 'Không có.' }),
    el('h3', { text: 'Chuyển cán bộ và kiến nghị' }),
    table(['', 'Số lượng', 'Đã trả lời', 'Thời gian trả lời trung vị (phút)'], [
      ['Chuyển cán bộ', String(t.handoffs), String(r.handoffs.answered), r.handoffs.median_response_minutes === null ? '—' : String(r.handoffs.median_response_minutes)],
      ['Phản ánh, kiến nghị', String(t.petitions), String(r.petitions.answered), r.petitions.median_response_minutes === null ? '—' : String(r.petitions.median_response_minutes)]]));
}


// ---- unanswered queue, hand-offs, petitions ----------------------------
async function renderQueue() {
  let r;
  try { r = await api('GET', '/admin/api/unanswered'); } catch (e) { return show(errorBox(e)); }
  const msg = el('div');
  const act = (g) => {
    const proc = el('input', { type: 'text', placeholder: 'Mã thủ tục, ví dụ 1.001193', 'data-test': 'queue-procedure' });
    const answer = el('textarea', { placeholder: 'Câu trả lời (để tạo hỏi đáp)' });
    const source = el('input', { type: 'text', placeholder: 'Nguồn của câu trả lời' });
    const send = (body) => async () => {
      try {
        const out = await api('POST', '/admin/api/unanswered/resolve', Object.assign({ key: g.key, variants: g.variants }, body));
        toast(body.action === 'dismiss' ? 'Đã bỏ qua nhóm.' : 'Đã tạo bản nháp ' + out.target + '. Kiểm tra và xuất bản ở “Bản nháp và xuất bản”.');
        renderQueue();
      } catch (e) { msg.replaceChildren(errorBox(e)); }
    };
    return can('editor') ? el('details', {}, el('summary', { text: 'Xử lý' }),
      el('div', { class: 'row' }, proc, el('button', { type: 'button', onclick: () => send({ action: 'alias', procedure_id: proc.value.trim() })(), text: 'Gắn làm cách gọi khác' })),
      answer, source, el('div', { class: 'row' },
        el('button', { type: 'button', class: 'secondary', onclick: () => send({ action: 'faq', question: g.example, answer: answer.value, source: source.value })(), text: 'Tạo hỏi đáp' }),
        el('button', { type: 'button', class: 'link', onclick: send({ action: 'dismiss' }), text: 'Bỏ qua' }))) : '';
  };
  show(el('h2', { text: 'Câu hỏi chưa trả lời được' }),
    el('p', { class: 'muted', text: 'Từ ' + r.from + ' đến ' + r.to + '. Các cách viết có dấu, không dấu, viết tắt của cùng một câu được gộp thành một nhóm.' }), msg,
    r.items.length ? table(['Nhóm', 'Số lần', 'Các cách hỏi', ''], r.items.map((g) => [g.key,
      String(g.count) + (g.low_rated ? ' (' + g.low_rated + ' đánh giá thấp)' : ''),
      el('ul', {}, g.variants.map((v) => el('li', { text: v }))), act(g)]))
      : el('p', { text: 'Không có câu hỏi nào chưa trả lời được.' }));
}

const HANDOFF_STATUS = { waiting: 'đang chờ', staff_replied: 'cán bộ đã trả lời', released: 'đã trả cho bot', expired: 'hết hạn' };
const TICKET_STATUS = { new: 'mới', in_progress: 'đang xử lý', answered: 'đã trả lời', closed: 'đã đóng' };
const TICKET_KIND = { phan_anh: 'Phản ánh', kien_nghi: 'Kiến nghị', khieu_nai: 'Khiếu nại', gop_y: 'Góp ý' };
const when = (ms) => ms ? new Date(ms).toLocaleString('vi-VN') : '';

async function renderHandoffs(params) {
  const status = params.get('status') || 'open';
  let h, t;
  try { [h, t] = await Promise.all([api('GET', '/admin/api/handoffs?' + q({ status })), api('GET', '/admin/api/tickets?' + q({ status }))]); }
  catch (e) { return show(errorBox(e)); }
  const msg = el('div');
  const replyBox = (path, after) => {
    if (!can('editor')) return '';
    const text = el('textarea', { placeholder: 'Trả lời người dân (gửi qua Zalo, có gửi lại khi lỗi)' });
    return el('div', {}, text, el('div', { class: 'row' }, el('button', { type: 'button', text: 'Gửi trả lời', onclick: async () => {
      try { await api('POST', path, { text: text.value }); toast('Đã xếp tin vào hàng đợi gửi.'); renderHandoffs(params); } catch (e) { msg.replaceChildren(errorBox(e)); }
    } }), after || null));
  };
  const action = (label, path, body) => el('button', { type: 'button', class: 'secondary', text: label, onclick: async () => {
    try { await api('POST', path, body || {}); toast('Đã cập nhật.'); renderHandoffs(params); } catch (e) { msg.replaceChildren(errorBox(e)); }
  } });
  const tabs = el('div', { class: 'row' }, [['open', 'Đang mở'], ['', 'Tất cả']].map(([v, l]) =>
    el('a', { href: '#/handoffs?' + q({ status: v }), 'aria-current': v === status ? 'page' : null, text: l })));
  show(el('h2', { text: 'Chuyển cán bộ và phản ánh, kiến nghị' }), tabs, msg,
    el('h3', { text: 'Người dân cần gặp cán bộ' }),
    h.items.length ? table(['Lúc', 'Người dân', 'Trạng thái', 'Tin gần đây', ''], h.items.map((x) => [when(x.requested_ms), x.user_id,
      HANDOFF_STATUS[x.status] || x.status, el('ul', {}, x.recent.map((m) => el('li', { text: m }))),
      (x.status === 'waiting' || x.status === 'staff_replied') ? replyBox('/admin/api/handoffs/' + x.id + '/reply',
        can('editor') ? action('Trả cho bot', '/admin/api/handoffs/' + x.id + '/release') : null) : '']))
      : el('p', { class: 'muted', text: 'Không có.' }),
    el('h3', { text: 'Phản ánh, kiến nghị' }),
    t.items.length ? table(['Số', 'Loại', 'Nội dung', 'Xã, phường', 'Trạng thái', ''], t.items.map((x) => [x.number, TICKET_KIND[x.kind] || x.kind,
      x.content, x.commune, TICKET_STATUS[x.status] || x.status,
      x.status !== 'closed' ? replyBox('/admin/api/tickets/' + x.id + '/reply',
        can('editor') ? [x.status === 'new' ? action('Nhận xử lý', '/admin/api/tickets/' + x.id + '/status', { status: 'in_progress' }) : null,
          action('Đóng', '/admin/api/tickets/' + x.id + '/status', { status: 'closed' })] : null) : '']))
      : el('p', { class: 'muted', text: 'Không có.' }));
}

// ---- navigation ---------------------------------------------------------
const ROUTES = [
  ['dashboard', 'Tổng quan', 'viewer', renderDashboard],
  ['procedure', 'Thủ tục', 'viewer', (p) => renderList('procedure', p)],
  ['faq', 'Hỏi đáp', 'viewer', (p) => renderList('faq', p)],
  ['synonym', 'Từ đồng nghĩa', 'viewer', (p) => renderList('synonym', p)],
  ['office', 'Cơ quan', 'viewer', (p) => renderList('office', p)],
  ['commune', 'Xã, phường', 'viewer', (p) => renderList('commune', p)],
  ['queue', 'Câu hỏi chưa trả lời', 'viewer', renderQueue],
  ['handoffs', 'Chuyển cán bộ, kiến nghị', 'viewer', renderHandoffs],
  ['drafts', 'Bản nháp và xuất bản', 'viewer', renderDrafts],
  ['review', 'Cần rà soát', 'viewer', renderReview],
  ['ask', 'Thử hỏi bot', 'viewer', renderAsk],
  ['questions', 'Câu hỏi kiểm tra', 'viewer', renderQuestions],
  ['transfer', 'Nhập, xuất', 'viewer', renderTransfer],
  ['audit', 'Nhật ký', 'admin', renderAudit],
  ['users', 'Tài khoản', 'admin', renderUsers],
];
const EXTRA_ROUTES = {};  // filled by later sections (queue, hand-offs)

function renderNav(current) {
  const nav = document.getElementById('nav');
  nav.hidden = false;
  nav.replaceChildren(...ROUTES.filter((r) => can(r[2])).map(([id, label]) =>
    el('a', { href: '#/' + id, id: 'nav-' + id, 'aria-current': id === current ? 'page' : null, text: label })));
}

function route() {
  if (!state.user) return renderLogin();
  const hash = location.hash.replace(/^#\/?/, '') || 'dashboard';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/');
  renderNav(parts[0] === 'edit' ? parts[1] : parts[0]);
  if (window.innerWidth <= 760) document.getElementById('nav').classList.add('closed');
  if (parts[0] === 'edit' && ENTITIES[parts[1]]) return renderEdit(parts[1], params);
  const r = ROUTES.find((x) => x[0] === parts[0]) || (EXTRA_ROUTES[parts[0]] && [parts[0], '', 'viewer', EXTRA_ROUTES[parts[0]]]);
  if (!r || !can(r[2])) return show(el('p', { text: 'Không có trang này hoặc bạn không có quyền xem.' }));
  return r[3](params);
}

function renderLogin(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  const name = el('input', { id: 'login-name', type: 'text', autocomplete: 'username', required: true });
  const pw = el('input', { id: 'login-password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = el('div', { id: 'login-message' }, message ? el('p', { class: 'warn', text: message }) : null);
  const form = el('form', { class: 'card login', id: 'login-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const r = await api('POST', '/admin/api/login', { name: name.value, password: pw.value });
      Object.assign(state, { user: r.name, role: r.role, csrf: r.csrf });
      signedIn();
    } catch (err) { msg.replaceChildren(errorBox(err)); }
  } }, el('h2', { text: 'Đăng nhập' }), el('label', { for: 'login-name', text: 'Tên đăng nhập' }), name,
    el('label', { for: 'login-password', text: 'Mật khẩu' }), pw, msg,
    el('div', { class: 'row' }, el('button', { id: 'login-submit', type: 'submit', text: 'Đăng nhập' })));
  show(form);
  name.focus();
}

function signedIn() {
  document.getElementById('who').textContent = state.user + ' · ' + ROLE_LABEL[state.role];
  document.getElementById('logout').hidden = false;
  route();
}

window.addEventListener('hashchange', route);
document.addEventListener('DOMContentLoaded', async () => {
  document.getElementById('logout').addEventListener('click', async () => {
    try { await api('POST', '/admin/api/logout'); } catch (e) { /* already signed out */ }
    Object.assign(state, { user: '', role: '', csrf: '' });
    renderLogin('Đã đăng xuất.');
  });
  document.getElementById('menu-toggle').addEventListener('click', (e) => {
    const nav = document.getElementById('nav');
    nav.classList.toggle('closed');
    e.currentTarget.setAttribute('aria-expanded', String(!nav.classList.contains('closed')));
  });
  try {
    const s = await fetch('/admin/api/session', { credentials: 'same-origin', cache: 'no-store' });
    if (s.ok) { const r = await s.json(); Object.assign(state, { user: r.name, role: r.role, csrf: r.csrf }); return signedIn(); }
  } catch (e) { /* not signed in */ }
  renderLogin();
});
