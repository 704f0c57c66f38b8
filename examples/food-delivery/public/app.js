// The page: sign in, place orders, and show each ETA as it arrives on the WebSocket. No framework, no
// build step. Everything from the server is shown with textContent, never parsed as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
let session = JSON.parse(sessionStorage.getItem('session') || 'null');

function show(text, isError) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

async function api(method, path, body) {
  const headers = { 'content-type': 'application/json' };
  if (session) headers.authorization = `Bearer ${session.token}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }));
  if (response.status === 401) signOut();
  return { status: response.status, data };
}

function item(text, className) {
  const li = document.createElement('li');
  li.textContent = text;
  if (className) li.className = className;
  return li;
}

async function refreshOrders() {
  const { status, data } = await api('GET', '/orders');
  if (status !== 200) return;
  $('orders').replaceChildren(...data.orders.map((order) =>
    item(`#${order.id} ${order.quantity} × ${order.dish}: ${order.status === 'confirmed' ? `ready in ${order.etaMins} min` : order.status.replace('_', ' ')}`, order.status)));
}

let socket;
function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/ws?token=${encodeURIComponent(session.token)}`);
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'hello') $('socket-state').textContent = 'connected';
    if (message.type === 'eta') {
      $('etas').prepend(item(`Order #${message.orderId} (${message.quantity} × ${message.dish}) will be ready in ${message.mins} min`));
      refreshOrders();
    }
  };
  socket.onclose = (event) => {
    $('socket-state').textContent = `disconnected (${event.code})`;
    if (event.code === 4401) signOut();
  };
}

function signedIn() {
  $('who').textContent = session.customer;
  $('signin').hidden = true;
  $('ordering').hidden = false;
  connect();
  refreshOrders();
}

function signOut() {
  session = null;
  sessionStorage.removeItem('session');
  if (socket) socket.close();
  $('signin').hidden = false;
  $('ordering').hidden = true;
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const { status, data } = await api('POST', '/session', { customer: $('customer').value });
  if (status !== 201) return void ($('signin-status').textContent = data.error);
  $('signin-status').textContent = '';
  session = data;
  sessionStorage.setItem('session', JSON.stringify(session));
  signedIn();
});

$('order-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  show('Asking the kitchen…');
  const { status, data } = await api('POST', '/orders', { dish: $('dish').value, quantity: Number($('quantity').value) });
  if (status === 201) show(`Order #${data.order.id} placed.`);
  else show(data.error, true);
  refreshOrders();
});

if (session) signedIn();
