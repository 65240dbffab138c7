// Reference for bench/bff.sh: examples/bff's GET /api/dashboard/[id] as a
// Next.js route handler, the same work as bench/reference/bff/node-bff-server.js.
//   USERS_API, ORDERS_API: the services.

// Every request runs the handler and both fetches: nothing is cached.
export const dynamic = 'force-dynamic';

async function answerOf(service, res) {
  if (!res.ok) throw Object.assign(new Error(`${service} answered ${res.status}`), { status: 502 });
  return res.json();
}

export async function GET(request, { params }) {
  const { id } = await params;
  const users = process.env.USERS_API;
  const orders = process.env.ORDERS_API;
  try {
    const signal = AbortSignal.timeout(2000);
    const [user, list] = await Promise.all([
      fetch(`${users}/users/${id}`, { signal, cache: 'no-store' }),
      fetch(`${orders}/orders?user=${id}`, { signal, cache: 'no-store' }),
    ]);
    return Response.json({ user: await answerOf('users', user),
                           orders: await answerOf('orders', list) });
  } catch (e) {
    return Response.json({ error: e.message }, { status: e.status ?? 502 });
  }
}
