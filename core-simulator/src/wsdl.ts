// The published contract: core-simulator/wsdl/core.wsdl imports core.xsd by the relative
// location "core.xsd", so the XSD is served beside the WSDL (/core.xsd) and node-soap on either
// side resolves it: from the file system here, over HTTP in clients.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const WSDL_PATH = resolve(__dirname, '..', 'wsdl', 'core.wsdl');
const XSD_PATH = resolve(__dirname, '..', 'wsdl', 'core.xsd');
export const CORE_NS = 'urn:corebridge:core:v1';
export const SOAP_PATH = '/core';

interface Contract {
  wsdl: string;
  xsd: string;
}

export function loadContract(): Contract {
  return { wsdl: readFileSync(WSDL_PATH, 'utf8'), xsd: readFileSync(XSD_PATH, 'utf8') };
}

/** The WSDL as served: its soap:address points at where this simulator actually listens. */
export function wsdlWithAddress(wsdl: string, endpoint: string): string {
  return wsdl.replace(/(<soap:address\s+location=")[^"]*(")/, `$1${endpoint}$2`);
}

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch]!);

/**
 * A SOAP 1.1 Fault with the CoreFault detail of core.xsd, byte-for-byte what node-soap writes for
 * faults raised inside operations (soap-service.ts), for faults raised before the call reaches
 * them (session limit, injected errors).
 */
export function faultEnvelope(code: string, message: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"  ' +
    `xmlns:tns="${CORE_NS}"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode>` +
    `<faultstring>${escapeXml(`${code}: ${message}`)}</faultstring><detail><CoreFault xmlns="${CORE_NS}">` +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></CoreFault></detail></soap:Fault></soap:Body></soap:Envelope>`
  );
}

/** The operation a SOAP request is for: from SOAPAction, else from the body's first element. */
export function operationOf(soapAction: string | string[] | undefined, body?: string): string | undefined {
  const action = Array.isArray(soapAction) ? soapAction[0] : soapAction;
  if (action) {
    const name = action.replace(/^"|"$/g, '').split('/').pop();
    if (name) return name;
  }
  if (body) {
    const m = /<(?:[A-Za-z_][\w.-]*:)?Body[^>]*>\s*<(?:[A-Za-z_][\w.-]*:)?([A-Za-z]+)Request[\s/>]/.exec(body);
    if (m) return m[1];
  }
  return undefined;
}
