import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ApiErrorResponse,
  CreateRunRequest,
  ModelListResponse,
  RunCreatedResponse,
  RunStatusResponse,
} from '@parallax/contracts';
import { catchError, map, throwError, type Observable } from 'rxjs';

/** The gateway's REST API; paths are relative so the same build works behind the gateway and the dev proxy. */
@Injectable({ providedIn: 'root' })
export class RunsApi {
  private readonly http = inject(HttpClient);

  listModels(): Observable<ModelListResponse> {
    return this.http.get<ModelListResponse>('/api/models').pipe(catchError(toReadableError));
  }

  createRun(request: CreateRunRequest): Observable<RunCreatedResponse> {
    return this.http.post<RunCreatedResponse>('/api/runs', request).pipe(catchError(toReadableError));
  }

  getRun(runId: string): Observable<RunStatusResponse> {
    return this.http.get<RunStatusResponse>(`/api/runs/${encodeURIComponent(runId)}`).pipe(catchError(toReadableError));
  }

  cancelRun(runId: string, targetId?: string): Observable<void> {
    const path = `/api/runs/${encodeURIComponent(runId)}` + (targetId ? `/targets/${encodeURIComponent(targetId)}` : '');
    return this.http.delete(path).pipe(
      map(() => undefined),
      catchError(toReadableError),
    );
  }
}

/** Turns a gateway error body into one sentence a person can act on, validation issues included. */
export function toReadableError(error: unknown): Observable<never> {
  if (error instanceof HttpErrorResponse) {
    const body = error.error as Partial<ApiErrorResponse> | null;
    if (body && typeof body === 'object' && body.message) {
      const issues = body.issues?.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
      return throwError(() => new Error(issues ? `${body.message} (${issues})` : body.message));
    }
    return throwError(() => new Error(error.status ? `the server answered ${error.status}` : 'the server cannot be reached'));
  }
  return throwError(() => (error instanceof Error ? error : new Error(String(error))));
}
